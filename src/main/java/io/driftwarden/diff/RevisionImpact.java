package io.driftwarden.diff;

import io.driftwarden.standard.Declared;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.ResourceType;
import io.driftwarden.standard.Value;
import io.driftwarden.standard.VersionRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure: what a candidate revision would do to one host, inferred from the host's last successful audit.
 * That audit judged every declared property: a drift left an open episode with the live value; a property
 * neither drifting nor not-checked was compliant, so its live value was what the standard then demanded.
 * Comparing each with what the candidate demands tells which properties would drift, resolve or stay,
 * and says "cannot tell" wherever the inference would be a guess (never observed, hidden, several live
 * values meet the old demand).
 */
public final class RevisionImpact {
    public enum Kind {
        DRIFTS("would drift"),
        RESOLVES("would resolve"),
        STILL_DRIFTS("still drifts"),
        UNKNOWN("cannot tell");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What the host's last audit saw of one property: its live value when it drifted, or why it was not checked. */
    public record Seen(String live, String notCheckedWhy) {
        public static Seen drift(String live) {
            return new Seen(live, null);
        }

        public static Seen notChecked(String why) {
            return new Seen(null, why);
        }
    }

    /** One property whose fate changes; {@code before}/{@code after} are the demands, {@code live} what was seen. */
    public record Change(
            Kind kind,
            String resource,
            String property,
            String before,
            String after,
            String live,
            String declaredAt,
            String why) {}

    /** The impact on one host: its changes, or {@code verdict} when nothing can be inferred property by property. */
    public record HostImpact(String host, String verdict, List<Change> changes) {
        public HostImpact {
            changes = List.copyOf(changes);
        }

        public long count(Kind k) {
            return changes.stream().filter(c -> c.kind() == k).count();
        }
    }

    private static final String HIDDEN = "(sensitive)";

    private final Sensitivity sensitivity;

    public RevisionImpact(Sensitivity sensitivity) {
        this.sensitivity = sensitivity;
    }

    /**
     * @param before the host's plan under the revision of its last successful audit
     * @param after the candidate's resolution for the host
     * @param seen what that audit saw, keyed by resource and property ({@link #key})
     */
    public HostImpact of(String host, HostPlan before, HostPlan.Resolution after, Map<String, Seen> seen) {
        if (after.failure().isPresent()) {
            var f = after.failure().get();
            return new HostImpact(
                    host,
                    "the candidate cannot be planned for this host, which would fail with error kind " + f.kind() + ": "
                            + f.message(),
                    List.of());
        }
        Map<ResourceId, Resource> old = new TreeMap<>();
        before.resources().forEach(r -> old.put(r.id(), r));
        Map<ResourceId, Resource> now = new TreeMap<>();
        after.plan().resources().forEach(r -> now.put(r.id(), r));
        List<Change> out = new ArrayList<>();
        for (Resource r : now.values()) {
            Resource o = old.get(r.id());
            boolean ensureDrifted = o != null
                    && seen.containsKey(key(r.id(), "ensure"))
                    && seen.get(key(r.id(), "ensure")).live() != null
                    && o.property("ensure").isPresent();
            for (Declared d : r.properties().values()) {
                Optional<Declared> was = o == null ? Optional.empty() : o.property(d.property());
                judge(
                                r,
                                d,
                                was.map(Declared::expected).orElse(null),
                                seen.get(key(r.id(), d.property())),
                                ensureDrifted && !d.property().equals("ensure"))
                        .ifPresent(out::add);
            }
        }
        for (Resource o : old.values()) {
            Resource r = now.get(o.id());
            for (Declared d : o.properties().values()) {
                Seen s = seen.get(key(o.id(), d.property()));
                if ((r == null || r.property(d.property()).isEmpty()) && s != null && s.live() != null) {
                    out.add(change(
                            Kind.RESOLVES, o, d.property(), d.expected(), null, s.live(), null, "no longer declared"));
                }
            }
        }
        return new HostImpact(host, null, out);
    }

    public static String key(ResourceId id, String property) {
        return key(id.toString(), property);
    }

    public static String key(String resource, String property) {
        return resource + " " + property;
    }

    private Optional<Change> judge(Resource r, Declared d, Value was, Seen s, boolean hiddenByEnsure) {
        String p = d.property();
        Value want = d.expected();
        String at = d.at().shortForm();
        if (was != null && was.equals(want)) {
            return Optional.empty(); // same demand: whatever it was, it stays
        }
        if (was == null) {
            return Optional.of(
                    change(Kind.UNKNOWN, r, p, null, want, null, at, "newly declared for this host; never observed"));
        }
        if (s != null && s.notCheckedWhy() != null) {
            return Optional.of(change(
                    Kind.UNKNOWN, r, p, was, want, null, at, "not checked at the last audit: " + s.notCheckedWhy()));
        }
        if (hiddenByEnsure) {
            return Optional.of(
                    change(Kind.UNKNOWN, r, p, was, want, null, at, "hidden by the resource's ensure drift"));
        }
        boolean hide = isSensitiveContent(r, p);
        if (s != null) {
            Optional<Boolean> match = hide || s.live() != null && s.live().startsWith("hmac:")
                    ? Optional.empty()
                    : matches(r.id().type(), p, want, s.live());
            if (match.isEmpty()) {
                return Optional.of(change(
                        Kind.UNKNOWN,
                        r,
                        p,
                        was,
                        want,
                        s.live(),
                        at,
                        "drifting; cannot tell if the live value meets the new demand"));
            }
            return Optional.of(
                    match.get()
                            ? change(
                                    Kind.RESOLVES, r, p, was, want, s.live(), at, "the live value meets the new demand")
                            : change(
                                    Kind.STILL_DRIFTS,
                                    r,
                                    p,
                                    was,
                                    want,
                                    s.live(),
                                    at,
                                    "the demand changes but the live value still differs"));
        }
        Optional<String> live = impliedLive(r.id().type(), p, was);
        Optional<Boolean> match = live.flatMap(v -> matches(r.id().type(), p, want, v));
        if (match.isEmpty()) {
            return Optional.of(change(
                    Kind.UNKNOWN, r, p, was, want, null, at, "compliant, but several live values met the old demand"));
        }
        return match.get()
                ? Optional.empty()
                : Optional.of(change(
                        Kind.DRIFTS, r, p, was, want, hide ? HIDDEN : live.get(), at, "compliant at the last audit"));
    }

    private Change change(Kind k, Resource r, String p, Value before, Value after, String live, String at, String why) {
        boolean hide = isSensitiveContent(r, p);
        return new Change(
                k,
                r.id().toString(),
                p,
                shown(before, hide),
                shown(after, hide),
                live == null ? null : hide ? HIDDEN : live,
                at,
                why);
    }

    private boolean isSensitiveContent(Resource r, String property) {
        return property.equals("content")
                && r.id().type() == ResourceType.FILE
                && sensitivity.isSensitive(r.id().name(), r.sensitive());
    }

    private static String shown(Value v, boolean hide) {
        return v == null ? null : hide ? HIDDEN : v.toString();
    }

    /** The one live value a compliant property can have had, when there is exactly one. */
    static Optional<String> impliedLive(ResourceType type, String property, Value demand) {
        String d = demand.toString();
        if (type == ResourceType.SERVICE && d.equals("false")) {
            return Optional.empty(); // stopped or absent; disabled, masked or absent
        }
        if ((property.equals("owner") || property.equals("group")) && d.startsWith("#")) {
            return Optional.empty(); // the live name of that id was not recorded
        }
        if (type == ResourceType.SERVICE && property.equals("enabled")) {
            return Optional.of(d.equals("true") ? "enabled" : "masked");
        }
        return Optional.of(d);
    }

    /** Would a live value (as history shows it) meet a demand? Empty when it cannot be told from the text. */
    static Optional<Boolean> matches(ResourceType type, String property, Value demand, String live) {
        String d = demand.toString();
        if (live == null) {
            return Optional.of(false);
        }
        if (type == ResourceType.SERVICE && property.equals("enabled")) {
            return switch (d) {
                case "true" -> live.equals("alias") ? Optional.empty() : Optional.of(live.equals("enabled"));
                case "false" -> Optional.of(live.equals("disabled") || live.equals("masked") || live.equals("absent"));
                default -> Optional.of(live.equals("masked"));
            };
        }
        if (type == ResourceType.SERVICE && property.equals("running")) {
            return Optional.of(d.equals(live) || d.equals("false") && live.equals("absent"));
        }
        if (type == ResourceType.PACKAGE && property.equals("version")) {
            return live.contains(", ")
                    ? Optional.empty()
                    : Optional.of(VersionRequirement.of(d).satisfiedBy(live));
        }
        if ((property.equals("owner") || property.equals("group")) && d.startsWith("#") != live.startsWith("#")) {
            return Optional.empty();
        }
        return Optional.of(Objects.equals(d, live));
    }
}
