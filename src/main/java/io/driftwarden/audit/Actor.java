package io.driftwarden.audit;

import java.time.Instant;

/**
 * One piece of evidence of who probably made a drift (a heuristic, and labelled so): {@code kind} is
 * {@code sudo}, {@code apt}, {@code dpkg}, {@code login} or {@code file-times}; {@code user} is null when the
 * source does not say; {@code detail} is the redacted log text; {@code source} the log it came from.
 */
public record Actor(String kind, String user, Instant at, String detail, String source) {}
