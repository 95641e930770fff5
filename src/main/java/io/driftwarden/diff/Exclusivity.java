package io.driftwarden.diff;

import io.driftwarden.collect.DirListing;
import io.driftwarden.collect.Observation;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.ResourceType;
import io.driftwarden.standard.UserGuard;
import io.driftwarden.standard.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a standard forbids by leaving it out: entries of an {@code exclusive} directory that the host's plan does not
 * declare ({@code unmanaged-entry}, one drift per entry), and accounts the user guard does not allow (a second uid 0,
 * an undeclared account at or above {@code exclusive_above_uid}).
 */
final class Exclusivity {
    static final String UNMANAGED = "unmanaged-entry";
    private static final Value ABSENT = Value.of("absent");

    private Exclusivity() {}

    /** The drifts and unobservable listings of every exclusive directory of the plan. */
    static void directories(HostPlan plan, Observation o, List<Drift> drifts, List<NotChecked> notChecked) {
        Set<String> declared = plan.declaredFiles();
        for (Resource dir : plan.resources()) {
            if (!dir.exclusive()) {
                continue;
            }
            DirListing l = o.listings().get(dir.id().name());
            if (l == null || !l.listed()) {
                String why = l == null ? "io-error" : l.status();
                // An absent or replaced directory is the ensure drift; there is nothing else to say.
                if (!why.equals("absent") && !why.equals("not-directory")) {
                    notChecked.add(new NotChecked(dir.id(), UNMANAGED, why));
                }
                continue;
            }
            for (String name : l.names()) {
                String path = dir.id().name() + "/" + name;
                if (!declaredWithin(declared, path)) {
                    Value actual = Value.of(name);
                    drifts.add(new Drift(
                            dir.id(),
                            UNMANAGED,
                            ABSENT,
                            actual,
                            ABSENT,
                            actual,
                            dir.at().shortForm(),
                            "rm -- " + Remedies.q(path),
                            null,
                            "not declared for this host in exclusive directory "
                                    + dir.id().name()));
                }
            }
        }
    }

    /** An entry is declared when the plan names it, or something inside it. */
    private static boolean declaredWithin(Set<String> declared, String path) {
        return declared.contains(path) || declared.stream().anyMatch(d -> d.startsWith(path + "/"));
    }

    /** The accounts the plan's user guard does not allow, each an {@code ensure} drift of {@code user:NAME}. */
    static void accounts(HostPlan plan, Observation o, List<Drift> drifts, List<NotChecked> notChecked) {
        UserGuard guard = plan.users();
        if (guard == null) {
            return;
        }
        ResourceId every = new ResourceId(ResourceType.USER, "*");
        if (o.passwdLines().isEmpty()) {
            notChecked.add(new NotChecked(every, "ensure", "io-error"));
            return;
        }
        Set<String> declared = plan.resources().stream()
                .filter(r -> r.id().type() == ResourceType.USER)
                .map(r -> r.id().name())
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, Accounts.PasswdEntry> accounts = new LinkedHashMap<>();
        o.passwdLines().stream()
                .map(Accounts::passwd)
                .flatMap(Optional::stream)
                .forEach(e -> accounts.putIfAbsent(e.name(), e));
        for (Accounts.PasswdEntry e : accounts.values()) {
            if (declared.contains(e.name())) {
                continue;
            }
            long uid;
            try {
                uid = Long.parseLong(e.uid());
            } catch (NumberFormatException x) {
                continue;
            }
            String note = null;
            if (uid == 0 && !e.name().equals("root")) {
                note = "a second account with uid 0 (only root, or an account the standard declares, may have it)";
            } else if (guard.exclusiveFromUid() != null
                    && uid >= guard.exclusiveFromUid()
                    && uid != UserGuard.OVERFLOW_UID) {
                note = "an undeclared account with uid " + uid + " (users.exclusive_above_uid: "
                        + guard.exclusiveFromUid() + ")";
            }
            if (note != null) {
                Value present = Value.of("present");
                drifts.add(new Drift(
                        new ResourceId(ResourceType.USER, e.name()),
                        "ensure",
                        ABSENT,
                        present,
                        ABSENT,
                        present,
                        guard.at().shortForm(),
                        "userdel -- " + Remedies.q(e.name()),
                        null,
                        note));
            }
        }
    }
}
