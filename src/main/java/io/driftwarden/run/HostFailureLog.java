package io.driftwarden.run;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import io.driftwarden.report.Printable;
import java.util.List;

/**
 * One log line per failed host of a run, naming the host, where it was reached and why it failed: the run's summary
 * line alone leaves whoever reads the daemon's log to open the report to learn which host is down. Error messages can
 * carry host output, so they are shown as data (one line, control characters escaped).
 */
public final class HostFailureLog {
    private HostFailureLog() {}

    public static List<String> lines(AuditResult r) {
        return r.hosts().stream()
                .filter(h -> h.status() == HostStatus.FAILED)
                .map(h -> "run " + r.runId() + ": host " + Printable.of(h.host().name()) + " ("
                        + Printable.of(where(h.host())) + ") failed: " + why(h))
                .toList();
    }

    private static String where(Host h) {
        return h.transport() == Transport.SSH
                ? h.shownAddress() + ":" + h.port()
                : h.transport().label() + " " + h.shownAddress();
    }

    private static String why(HostResult h) {
        return h.error() == null
                ? "unknown"
                : h.error().kind().label() + ": " + Printable.of(h.error().message());
    }
}
