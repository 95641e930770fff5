/**
 * A run shared by a cluster of nodes on one PostgreSQL store: how its hosts are split in shards, and how a shard's
 * host results travel between nodes. Pure values and codecs; the rows and locks are the store's, the loops the
 * daemon's.
 */
package io.driftwarden.cluster;
