package io.driftwarden.notify.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** {@code Retry-After}: delta-seconds or an HTTP-date; clamped to 1 s .. 1 h; null when absent or not understood. */
final class RetryAfter {
    static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() {}

    static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        Duration d;
        if (v.matches("[0-9]{1,10}")) {
            d = Duration.ofSeconds(Long.parseLong(v));
        } else {
            try {
                d = Duration.between(
                        now,
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
