package io.driftwarden.followup;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * For metrics and alerts: open unapproved streams by the level they reached (0: not yet overdue), the earliest
 * deadline among them (null: none; past once one is overdue, so an alert on it fires between runs too), and hosts
 * escalated as unaudited.
 */
public record Overdue(Map<Integer, Long> byLevel, Instant nextDeadline, long unauditedHosts) {
    public Overdue {
        byLevel = java.util.Collections.unmodifiableMap(new TreeMap<>(byLevel));
    }

    public static Overdue of(FollowUp f, Map<String, Instant> deadlines) {
        Map<Integer, Long> levels = new TreeMap<>();
        Instant next = null;
        long hosts = 0;
        for (Stream s : f.all()) {
            if (s.state() != Stream.State.OPEN) {
                continue;
            }
            if (s.kind() == Stream.Kind.HOST) {
                hosts++;
            } else if (s.kind() == Stream.Kind.EPISODE) {
                levels.merge(s.level(), 1L, Long::sum);
                Instant d = deadlines.get(s.id());
                if (d != null && (next == null || d.isBefore(next))) {
                    next = d;
                }
            }
        }
        return new Overdue(levels, next, hosts);
    }
}
