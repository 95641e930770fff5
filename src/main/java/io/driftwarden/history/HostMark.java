package io.driftwarden.history;

import java.time.Instant;

/** What history remembers of one host: its last successful audit and the revision it used, and failures since. */
public record HostMark(Instant lastOkAt, String lastOkRevision, int consecutiveFailures) {}
