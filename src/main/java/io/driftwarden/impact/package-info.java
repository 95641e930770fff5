/**
 * What a candidate standards revision would do to each host, judged against its last successful audit as the store remembers it.
 * Reads the store through its port (LastAudits); reads no host, writes nothing.
 */
package io.driftwarden.impact;
