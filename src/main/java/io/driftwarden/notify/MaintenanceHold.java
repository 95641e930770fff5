package io.driftwarden.notify;

import io.driftwarden.history.OpenDrift;
import io.driftwarden.history.RunHistory;
import io.driftwarden.schedule.CronWindow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance windows hold notifications, never classification. A run inside a window mails nothing. The first run
 * after a window ends sends one report if unapproved drift that appeared during the window is still open (what the
 * window left behind); a window that cleaned up after itself pages no one, and the digest lists everything. The rule
 * reads only the history, so it holds across restarts.
 */
public final class MaintenanceHold {
    private MaintenanceHold() {}

    /** What to do with one run's immediate report. */
    public enum Decision {
        SEND,
        HOLD,
        SKIP
    }

    /** The verdict, and the window that decided it (null when none did). */
    public record Verdict(Decision decision, CronWindow window) {}

    /**
     * @param wanted      whether the mail policy calls for a report of this run
     * @param previousRun when the previous run started (null: none)
     */
    public static Verdict decide(
            List<CronWindow> windows, Instant started, Instant previousRun, RunHistory next, boolean wanted) {
        for (CronWindow w : windows) {
            if (w.openAt(started).isPresent()) {
                return new Verdict(wanted ? Decision.HOLD : Decision.SKIP, w);
            }
        }
        if (previousRun != null) {
            for (CronWindow w : windows) {
                Optional<Instant> start = w.openAt(previousRun);
                if (start.isPresent() && leftBehind(next, start.get(), w.endOf(start.get()))) {
                    return new Verdict(Decision.SEND, w);
                }
            }
        }
        return new Verdict(wanted ? Decision.SEND : Decision.SKIP, null);
    }

    private static boolean leftBehind(RunHistory next, Instant from, Instant to) {
        return next.open().values().stream()
                .filter(OpenDrift::current)
                .anyMatch(o -> o.classification().equals("unapproved")
                        && !o.firstSeen().isBefore(from)
                        && o.firstSeen().isBefore(to));
    }
}
