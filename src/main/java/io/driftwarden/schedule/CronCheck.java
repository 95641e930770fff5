package io.driftwarden.schedule;

import java.text.ParseException;
import org.quartz.CronExpression;

/** Validates a Quartz cron (6 or 7 fields, seconds first); a 5-field Unix cron gets a hint. */
public final class CronCheck {
    private CronCheck() {}

    /** Null when valid, else what is wrong. */
    public static String problem(String cron) {
        String[] fields = cron.trim().split("\\s+");
        if (fields.length == 5) {
            return "'" + cron + "' looks like a 5-field Unix cron; Quartz crons start with seconds and need '?' for"
                    + " day-of-month or day-of-week, e.g. '0 "
                    + String.join(" ", fields).replaceFirst("\\*$", "?") + "'";
        }
        try {
            new CronExpression(cron);
            return null;
        } catch (ParseException e) {
            return "not a valid Quartz cron (6-7 fields, seconds first): " + e.getMessage();
        }
    }
}
