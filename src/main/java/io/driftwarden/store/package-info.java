/**
 * The JDBC store (H2 or PostgreSQL, migrated by Flyway, both confined here): history, accepted revisions, record
 * flags, inventory snapshot, mail outbox, revert evidence, the one-daemon lease, retention.
 */
package io.driftwarden.store;
