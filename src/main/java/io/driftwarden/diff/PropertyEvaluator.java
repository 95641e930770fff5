package io.driftwarden.diff;

import io.driftwarden.collect.FileFact;
import io.driftwarden.collect.Observation;
import io.driftwarden.collect.PackageFact;
import io.driftwarden.collect.PackageInstance;
import io.driftwarden.collect.ServiceFact;
import io.driftwarden.collect.SysctlFact;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.Value;
import io.driftwarden.standard.VersionRequirement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Judges each declared property of one resource against what was observed (section 2's canonical table). */
final class PropertyEvaluator {
    private static final Set<String> INSTALLED = Set.of("ii", "hi");
    private static final Set<String> ABSENT = Set.of("rc", "un", "pn");

    private PropertyEvaluator() {}

    /** Outcome per declared property; an ensure drift hides every other property of the resource. */
    static Map<String, Outcome> evaluate(Resource r, Observation o) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        switch (r.id().type()) {
            case FILE -> file(r, o.files().get(r.id().name()), o, out);
            case PACKAGE -> pkg(r, o.packages().get(r.id().name()), out);
            case SERVICE -> service(r, o.services().get(r.id().name()), out);
            case SYSCTL -> sysctl(r, o, out);
            case USER -> user(r, o, out);
            case GROUP -> group(r, o, out);
        }
        return out;
    }

    private static String want(Resource r, String p) {
        return r.property(p).map(d -> d.expected().text()).orElse(null);
    }

    /** Compares one text property; records nothing when it was not declared. */
    private static void text(Resource r, String p, String actual, Map<String, Outcome> out) {
        String want = want(r, p);
        if (want != null) {
            out.put(p, want.equals(actual) ? Outcome.compliant() : Outcome.drift(actual));
        }
    }

    private static boolean ensureDrifts(Resource r, String actual, Map<String, Outcome> out) {
        String want = want(r, "ensure");
        if (want != null && !want.equals(actual)) {
            out.put("ensure", Outcome.drift(actual));
            return true;
        }
        out.put("ensure", Outcome.compliant());
        return "absent".equals(actual);
    }

    private static void all(Resource r, String why, Map<String, Outcome> out) {
        r.properties().keySet().forEach(p -> out.put(p, Outcome.notChecked(why)));
    }

    private static void file(Resource r, FileFact f, Observation o, Map<String, Outcome> out) {
        if (f == null || !(f.observed() || f.status().equals("absent"))) {
            all(r, f == null ? "io-error" : f.status(), out);
            return;
        }
        if (ensureDrifts(r, f.ensure(), out)) {
            return;
        }
        owner(r, "owner", f.uid(), f.owner(), out);
        owner(r, "group", f.gid(), f.group(), out);
        text(r, "mode", f.mode(), out);
        if (r.property("content").isPresent()) {
            if (!f.kind().equals("file")) {
                out.put("content", Outcome.drift(null));
            } else if (f.contentError() != null) {
                out.put("content", Outcome.notChecked(f.contentError()));
            } else if (r.normalized()) {
                normalizedContent(r, f, o.normalized().get(r.id().name()), out);
            } else {
                text(r, "content", "sha256:" + f.sha256(), out);
                if (r.normalizer() != null && out.get("content") instanceof Outcome.Drifted d) {
                    out.put(
                            "content",
                            new Outcome.Drifted(d.actual(), r.normalizer().note()));
                }
            }
        }
        text(r, "target", f.target(), out);
    }

    /** Content judged without comment and blank lines on both sides; the drift still shows the file's own digest. */
    private static void normalizedContent(
            Resource r, FileFact f, io.driftwarden.collect.NormalizedFact n, Map<String, Outcome> out) {
        if (n == null || !n.status().equals("ok")) {
            out.put("content", Outcome.notChecked(n == null ? "io-error" : n.status()));
            return;
        }
        String want = r.expectedContent().orElseThrow().normalizedSha256();
        out.put(
                "content",
                want.equals(n.sha256())
                        ? Outcome.compliant()
                        : new Outcome.Drifted(
                                Value.of("sha256:" + f.sha256()), r.normalizer().note()));
    }

    private static void owner(Resource r, String p, Long id, String name, Map<String, Outcome> out) {
        String want = want(r, p);
        if (want == null) {
            return;
        }
        String actual = name != null ? name : "#" + id;
        boolean ok = want.startsWith("#") ? want.equals("#" + id) : want.equals(name);
        if (ok) {
            out.put(p, Outcome.compliant());
        } else {
            out.put(
                    p,
                    new Outcome.Drifted(
                            Value.of(actual),
                            name == null
                                    ? "id " + id + " has no name on this host"
                                            + (want.startsWith("#") ? "" : "; is '" + want + "' defined there?")
                                    : null));
        }
    }

    private static void pkg(Resource r, PackageFact f, Map<String, Outcome> out) {
        if (f == null || f.error() != null) {
            all(r, f == null ? "io-error" : f.error(), out);
            return;
        }
        List<PackageInstance> installed = f.instances().stream()
                .filter(i -> INSTALLED.contains(i.status()))
                .toList();
        String ensure;
        if (!installed.isEmpty()) {
            ensure = "installed";
        } else {
            ensure = f.instances().stream()
                    .filter(i -> !ABSENT.contains(i.status()))
                    .findFirst()
                    .map(i -> "broken:" + i.status())
                    .orElse("absent");
        }
        if (r.property("version").isPresent() && !ensure.equals("installed")) {
            out.put("ensure", Outcome.drift(ensure));
            return;
        }
        if (ensureDrifts(r, ensure, out)) {
            return;
        }
        String want = want(r, "version");
        if (want != null) {
            boolean all = VersionRequirement.of(want)
                    .satisfiedByAll(
                            installed.stream().map(PackageInstance::version).toList());
            String actual = installed.size() == 1
                    ? installed.get(0).version()
                    : String.join(
                            ", ",
                            installed.stream()
                                    .map(i -> i.version() + " (" + i.arch() + ")")
                                    .toList());
            out.put("version", all ? Outcome.compliant() : Outcome.drift(actual));
        }
    }

    private static void service(Resource r, ServiceFact f, Map<String, Outcome> out) {
        String running = want(r, "running");
        String enabled = want(r, "enabled");
        boolean missing = f != null && "absent".equals(f.enabled());
        if (running != null) {
            if (f == null || f.active() == null) {
                out.put("running", Outcome.notChecked("no-service-manager"));
            } else {
                String actual = missing
                        ? "absent"
                        : f.active().equals("active") || f.active().equals("reloading") ? "true" : "false";
                boolean ok = running.equals(actual) || (running.equals("false") && actual.equals("absent"));
                out.put("running", ok ? Outcome.compliant() : Outcome.drift(actual));
            }
        }
        if (enabled != null) {
            if (f == null || f.enabled() == null) {
                out.put("enabled", Outcome.notChecked("no-service-manager"));
            } else {
                String word = f.enabled();
                boolean ok = switch (enabled) {
                    case "true" ->
                        word.equals("enabled") || (word.equals("alias") && "enabled".equals(f.aliasOfEnabled()));
                    case "false" -> word.equals("disabled") || word.equals("masked") || word.equals("absent");
                    default -> word.equals("masked");
                };
                out.put("enabled", ok ? Outcome.compliant() : Outcome.drift(word));
            }
        }
    }

    private static void sysctl(Resource r, Observation o, Map<String, Outcome> out) {
        String key = r.id().name();
        if (r.property("value").isPresent()) {
            SysctlFact f = o.sysctls().get(key);
            if (f == null || !(f.status().equals("ok") || f.status().equals("missing"))) {
                out.put("value", Outcome.notChecked(f == null ? "io-error" : f.status()));
            } else {
                text(
                        r,
                        "value",
                        f.value() == null ? null : io.driftwarden.standard.ResourceParser.normalizeSysctl(f.value()),
                        out);
            }
        }
        if (r.property("persisted").isPresent()) {
            PersistedSysctl.Result p = PersistedSysctl.resolve(o.sysctlConf(), key);
            if (p.unreadable()) {
                out.put("persisted", Outcome.notChecked("permission-denied"));
            } else {
                text(r, "persisted", p.value(), out);
            }
        }
    }

    private static void user(Resource r, Observation o, Map<String, Outcome> out) {
        Optional<Accounts.PasswdEntry> u = Accounts.passwd(o.passwd().get(r.id().name()));
        if (ensureDrifts(r, u.isPresent() ? "present" : "absent", out)) {
            return;
        }
        Accounts.PasswdEntry e = u.get();
        text(r, "uid", e.uid(), out);
        text(r, "gid", e.gid(), out);
        text(r, "home", e.home(), out);
        text(r, "shell", e.shell(), out);
        r.property("groups").ifPresent(d -> {
            Value actual = Value.list(Accounts.supplementary(e, Accounts.groups(o.groupLines())));
            out.put("groups", d.expected().equals(actual) ? Outcome.compliant() : new Outcome.Drifted(actual, null));
        });
    }

    private static void group(Resource r, Observation o, Map<String, Outcome> out) {
        Optional<Accounts.GroupEntry> g = Accounts.groups(o.groupLines()).stream()
                .filter(e -> e.name().equals(r.id().name()))
                .findFirst();
        if (ensureDrifts(r, g.isPresent() ? "present" : "absent", out)) {
            return;
        }
        text(r, "gid", g.get().gid(), out);
    }
}
