/**
 * What a candidate standards revision would do to each host, judged against its last successful audit as the store remembers it.
 * May depend on config, run (the inventory), bundle, standard, diff, history and store; reads no host, writes nothing.
 */
package io.driftwarden.impact;
