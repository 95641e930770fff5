package io.driftwarden.followup;

/**
 * What this run saw of one drift, as a receiver may be told it: the verdict, the values as reports show them (an
 * {@code hmac:} for sensitive content, never the content), where the standard demands it and which standard, and the
 * hostname the host reported (host-controlled text).
 */
public record Seen(
        String classification,
        String reason,
        String approval,
        String expected,
        String actual,
        String declaredAt,
        String standard,
        String observedHostname) {}
