package io.driftwarden.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * Recurring instants from a Quartz cron in a time zone, each optionally opening a window of {@code duration}: a
 * maintenance window ({@code 0 0 2 ? * TUE} for 2h), or the daily digest's sending time (no duration).
 */
public record CronWindow(String name, String cron, Duration duration, ZoneId zone) {
    private CronExpression expression() {
        try {
            CronExpression e = new CronExpression(cron);
            e.setTimeZone(TimeZone.getTimeZone(zone));
            return e;
        } catch (ParseException e) {
            throw new IllegalStateException("validated cron no longer parses: " + cron, e);
        }
    }

    /** The start of the occurrence that contains {@code at} (start inclusive, end exclusive), if any. */
    public Optional<Instant> openAt(Instant at) {
        // the first start after (at - duration) is the only one whose window can still be open at `at`
        Date next =
                expression().getNextValidTimeAfter(Date.from(at.minus(duration).minusMillis(1)));
        if (next == null
                || next.toInstant().isAfter(at)
                || !at.isBefore(next.toInstant().plus(duration))) {
            return Optional.empty();
        }
        return Optional.of(next.toInstant());
    }

    public Instant endOf(Instant start) {
        return start.plus(duration);
    }

    /** The first occurrence strictly after {@code after}. */
    public Optional<Instant> nextAfter(Instant after) {
        return Optional.ofNullable(expression().getNextValidTimeAfter(Date.from(after)))
                .map(Date::toInstant);
    }
}
