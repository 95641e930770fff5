package io.driftwarden.followup;

import io.driftwarden.audit.DriftKey;
import io.driftwarden.config.Config;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Deadlines: a stream's deadline is its anchor plus the time its standard allows; level n is due at the deadline plus
 * its {@code after}. Each level is escalated once (two levels crossed in one run: two events, in order); a stream
 * that reached a level and got no new one is reminded every {@code remind_every} (by mail only).
 */
final class Levels {
    private final FollowUpStep step;

    Levels(FollowUpStep step) {
        this.step = step;
    }

    List<Escalation> run() {
        var in = step.in();
        Config.Deadlines dl = in.deadlines();
        List<Escalation> out = new ArrayList<>();
        if (dl == null) {
            return out;
        }
        List<Stream> due = step.streams().values().stream()
                .filter(s -> s.anchor() != null)
                .filter(s -> s.kind() == Stream.Kind.EPISODE && s.state() == Stream.State.OPEN
                        || s.kind() == Stream.Kind.HOST && s.state() != Stream.State.RESOLVED)
                .sorted(Comparator.comparing(Stream::id))
                .toList();
        for (Stream s : due) {
            Instant deadline = s.anchor().plus(dl.within(s.standard()));
            boolean escalated = false;
            for (int i = s.level(); i < dl.levels().size(); i++) {
                Config.Level level = dl.levels().get(i);
                if (deadline.plus(level.after()).isAfter(in.now())) {
                    break;
                }
                Stream cur = step.streams().get(s.id());
                Stream up = cur.escalated(i + 1).next(Stream.State.OPEN);
                step.streams().put(s.id(), up);
                Map<String, Object> d = data(s);
                d.put("level", (long) (i + 1));
                d.put("level_name", level.name());
                d.put("deadline", deadline.toString());
                d.put("reason", reason(s));
                step.emit(up, "escalated", d);
                out.add(escalation(s, deadline, i + 1, level.name(), false));
                escalated = true;
            }
            Stream cur = step.streams().get(s.id());
            // a level reached under a config that had more levels counts as the highest one there is now
            int reached = Math.min(cur.level(), dl.levels().size());
            if (!escalated && reached > 0 && !dl.remindEvery().isZero()) {
                Config.Level level = dl.levels().get(reached - 1);
                Instant last = cur.remindedAt() != null ? cur.remindedAt() : deadline.plus(level.after());
                if (!last.plus(dl.remindEvery()).isAfter(in.now())) {
                    step.streams().put(s.id(), cur.reminded(in.now()));
                    out.add(escalation(s, deadline, reached, level.name(), true));
                }
            }
        }
        return out;
    }

    private Map<String, Object> data(Stream s) {
        if (s.kind() == Stream.Kind.HOST) {
            Map<String, Object> d = new java.util.TreeMap<>();
            d.put("host", s.key());
            d.put("since", s.anchor().toString());
            return d;
        }
        return step.facts(FollowUpStep.driftKey(s.key()));
    }

    private static String reason(Stream s) {
        return s.kind() == Stream.Kind.HOST ? Escalation.UNAUDITED : Escalation.OVERDUE;
    }

    private Escalation escalation(Stream s, Instant deadline, int level, String name, boolean reminder) {
        DriftKey k = s.kind() == Stream.Kind.EPISODE ? FollowUpStep.driftKey(s.key()) : null;
        return new Escalation(
                s.id(),
                k,
                k == null ? s.key() : k.host(),
                k == null ? null : step.in().seen().get(k),
                s.anchor(),
                deadline,
                level,
                name,
                reason(s),
                reminder);
    }
}
