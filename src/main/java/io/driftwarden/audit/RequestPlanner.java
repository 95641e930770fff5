package io.driftwarden.audit;

import io.driftwarden.collect.FileQuery;
import io.driftwarden.collect.ObservationRequest;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Pure: what to observe on a host, derived from its plan. Sensitive files never ask for content bytes. */
public final class RequestPlanner {
    private RequestPlanner() {}

    public static ObservationRequest plan(HostPlan plan, DiffEngine engine) {
        List<FileQuery> files = new ArrayList<>();
        TreeSet<String> packages = new TreeSet<>();
        TreeSet<String> services = new TreeSet<>();
        TreeSet<String> sysctls = new TreeSet<>();
        TreeSet<String> users = new TreeSet<>();
        TreeSet<String> listings = new TreeSet<>();
        boolean conf = false;
        boolean groups = false;
        for (Resource r : plan.resources()) {
            String name = r.id().name();
            switch (r.id().type()) {
                case FILE -> {
                    boolean hash = r.property("content").isPresent();
                    boolean bytes = hash
                            && !engine.isSensitive(r)
                            && r.expectedContent().flatMap(c -> c.bytes()).isPresent();
                    files.add(new FileQuery(
                            name,
                            hash,
                            bytes,
                            r.expectedContent().map(c -> c.sha256()).orElse(null),
                            hash && r.normalized()));
                    if (r.exclusive()) {
                        listings.add(name);
                    }
                }
                case PACKAGE -> packages.add(name);
                case SERVICE -> services.add(name);
                case SYSCTL -> {
                    if (r.property("value").isPresent()) {
                        sysctls.add(name);
                    }
                    conf |= r.property("persisted").isPresent();
                }
                case USER -> {
                    users.add(name);
                    groups |= r.property("groups").isPresent();
                }
                case GROUP -> groups = true;
            }
        }
        // The user guard judges every account, so it asks for them all.
        var everyAccount = new ObservationRequest.Inventorying(false, plan.users() != null, false);
        return new ObservationRequest(
                files,
                List.copyOf(packages),
                List.copyOf(services),
                List.copyOf(sysctls),
                conf,
                List.copyOf(users),
                groups,
                everyAccount,
                List.copyOf(listings));
    }
}
