package io.driftwarden.approval;

import io.driftwarden.standard.Glob;
import io.driftwarden.standard.PathGlob;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pure: how far a record reaches. A record that reaches far needs more approver keys: fleet-wide ({@code hosts:
 * ["*"]}), more hosts of the inventory than {@code broad_hosts} (the whole inventory, never a run's subset),
 * open-ended (an entry without value or sha256), {@code resources:} (any property), or a protected resource
 * (sshd, sudoers, authorized_keys, PAM, the probe, ...).
 */
public final class Breadth {
    /** A host as the inventory has it: what {@code applies_to} selects on. */
    public record Reach(String host, Set<String> groups) {}

    /** One protected pattern: {@code TYPE:GLOB}, a path glob for files, an fnmatch glob for names otherwise. */
    public record Protected(ResourceType type, String glob) {
        public static Optional<Protected> parse(String text) {
            int colon = text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                return Optional.empty();
            }
            return ResourceType.byKey(text.substring(0, colon)).map(t -> new Protected(t, text.substring(colon + 1)));
        }

        boolean matches(ResourceId r) {
            return r.type() == type
                    && (type == ResourceType.FILE
                            ? new PathGlob(glob).matches(r.name())
                            : Glob.matches(glob, r.name()));
        }

        @Override
        public String toString() {
            return type.key() + ":" + glob;
        }
    }

    /** The configured thresholds ({@code signoff.broad_hosts}, {@code signoff.protected_resources}). */
    public record Policy(int broadHosts, List<Protected> protectedResources) {
        public Policy {
            protectedResources = List.copyOf(protectedResources);
        }
    }

    private Breadth() {}

    /** Why the record is broad (empty: it is not). */
    public static List<String> reasons(ChangeRecord r, List<Reach> inventory, Policy policy) {
        List<String> out = new ArrayList<>();
        if (r.appliesTo().everyHost() || r.appliesTo().hosts().contains("*")) {
            out.add("fleet-wide");
        } else {
            long reached = inventory.stream()
                    .filter(h -> r.selects(h.host(), h.groups()))
                    .count();
            if (reached > policy.broadHosts()) {
                out.add("reaches " + reached + " hosts, more than broad_hosts " + policy.broadHosts());
            }
        }
        if (r.allows().stream().anyMatch(Allow::anyProperty)) {
            out.add("any property (resources:)");
        } else if (r.openEnded()) {
            out.add("open-ended");
        }
        protectedIn(r, policy).forEach(p -> out.add("protected: " + p));
        return out;
    }

    /** The protected resources the record names. */
    public static List<ResourceId> protectedIn(ChangeRecord r, Policy policy) {
        return r.allows().stream()
                .map(Allow::resource)
                .distinct()
                .filter(id -> policy.protectedResources().stream().anyMatch(p -> p.matches(id)))
                .toList();
    }

    /** The hosts of the inventory the record reaches today. */
    public static List<String> hostsReached(ChangeRecord r, List<Reach> inventory) {
        return inventory.stream()
                .filter(h -> r.selects(h.host(), h.groups()))
                .map(Reach::host)
                .toList();
    }
}
