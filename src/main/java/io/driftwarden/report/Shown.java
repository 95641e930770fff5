package io.driftwarden.report;

import io.driftwarden.audit.Actor;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.diff.Drift;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * How much of a drift a writer shows, without touching the result: the report shows everything; the mail shows a
 * possible actor's kind and user only (the log lines stay in the report) and may leave diffs out to fit its size.
 *
 * @param actorDetails  whether a possible actor's log line, source and time are shown
 * @param diffsOmitted  drifts whose diff is left out, each then noted with {@code omittedNote}
 */
public record Shown(boolean actorDetails, Set<Drift> diffsOmitted, String omittedNote) {
    public static final Shown EVERYTHING = new Shown(true, Set.of(), null);
    public static final Shown MAIL = new Shown(false, Set.of(), null);

    public Shown {
        diffsOmitted = Set.copyOf(diffsOmitted);
    }

    /** The same, with these drifts' diffs left out and the note saying where they are. */
    public Shown omitting(Collection<Drift> drifts, String note) {
        return new Shown(actorDetails, Set.copyOf(drifts), note);
    }

    public List<Actor> actors(ClassifiedDrift d) {
        return actorDetails
                ? d.actors()
                : d.actors().stream()
                        .map(a -> new Actor(a.kind(), a.user(), null, null, null))
                        .distinct()
                        .toList();
    }

    public String diff(Drift d) {
        return diffsOmitted.contains(d) ? null : d.diff();
    }

    public String note(Drift d) {
        if (!diffsOmitted.contains(d)) {
            return d.note();
        }
        return d.note() == null ? omittedNote : d.note() + "; " + omittedNote;
    }
}
