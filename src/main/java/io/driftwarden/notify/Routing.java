package io.driftwarden.notify;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.DriftEvent;
import io.driftwarden.audit.HostResult;
import io.driftwarden.config.Config;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Who besides {@code email.to} hears of a run: each route whose standards or groups cover a host with a notable change. */
public final class Routing {
    private Routing() {}

    public static List<String> recipients(List<Config.Route> routes, AuditResult r, List<DriftEvent> notable) {
        Map<String, HostResult> hosts =
                r.hosts().stream().collect(Collectors.toMap(h -> h.host().name(), Function.identity()));
        TreeSet<String> out = new TreeSet<>();
        for (DriftEvent e : notable) {
            HostResult h = hosts.get(e.key().host());
            if (h == null) {
                continue;
            }
            for (Config.Route route : routes) {
                boolean byStandard = route.standards().stream().anyMatch(h.standards()::contains);
                boolean byGroup = route.groups().stream().anyMatch(h.host().groups()::contains);
                if (byStandard || byGroup) {
                    out.addAll(route.to());
                }
            }
        }
        return List.copyOf(out);
    }
}
