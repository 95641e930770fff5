package io.driftwarden.diff;

import static io.driftwarden.diff.Obs.anObservation;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.collect.Observation;
import io.driftwarden.collect.PackageInstance;
import io.driftwarden.diff.RevisionImpact.Change;
import io.driftwarden.diff.RevisionImpact.HostImpact;
import io.driftwarden.diff.RevisionImpact.Kind;
import io.driftwarden.diff.RevisionImpact.Seen;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.Standard;
import io.driftwarden.standard.StandardParser;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * `standard verify --impact` predicts from the last audit alone. The oracle is a real audit of the same
 * observation under the candidate: every prediction that is not "cannot tell" must agree with it.
 */
class RevisionImpactTest {
    static final RevisionImpact IMPACT =
            new RevisionImpact(new Sensitivity(io.driftwarden.config.Config.Reports.DEFAULT_SENSITIVE));

    static HostPlan plan(String resourcesYaml) {
        Problems problems = new Problems();
        String text = "standard: t\nresources:\n" + resourcesYaml;
        Optional<Standard> s = StrictYaml.parse("t.yaml", text.getBytes(StandardCharsets.UTF_8), problems)
                .flatMap(n -> StandardParser.parse("t.yaml", n, p -> Optional.empty(), problems));
        assertThat(problems.lines()).isEmpty();
        return HostPlan.resolve(List.of(s.orElseThrow()), "h", Set.of()).ok().orElseThrow();
    }

    /** What the store keeps of an audit: live values of drifts (as shown) and why properties were not checked. */
    static Map<String, Seen> seen(HostPlan plan, Observation o) {
        HostDiff d = PropertyMatrixTest.ENGINE.diff(PropertyMatrixTest.H, plan, o);
        Map<String, Seen> out = new HashMap<>();
        d.drifts()
                .forEach(x -> out.put(
                        RevisionImpact.key(x.resource(), x.property()),
                        Seen.drift(
                                x.shownActual() == null ? null : x.shownActual().toString())));
        d.notChecked().forEach(n -> out.put(RevisionImpact.key(n.resource(), n.property()), Seen.notChecked(n.why())));
        return out;
    }

    static Set<String> drifting(HostPlan plan, Observation o) {
        return PropertyMatrixTest.ENGINE.diff(PropertyMatrixTest.H, plan, o).drifts().stream()
                .map(x -> RevisionImpact.key(x.resource(), x.property()))
                .collect(Collectors.toSet());
    }

    /** Predicts, then checks every property of the candidate against a real audit under it. */
    static HostImpact predictAndCheck(String before, String after, Observation o) {
        HostPlan old = plan(before);
        HostPlan now = plan(after);
        HostImpact hi = IMPACT.of("h", old, HostPlan.resolve(List.of(parse(after)), "h", Set.of()), seen(old, o));
        Set<String> wasDrifting = drifting(old, o);
        Set<String> truth = drifting(now, o);
        Map<String, Change> byKey =
                hi.changes().stream().collect(Collectors.toMap(c -> c.resource() + " " + c.property(), c -> c));
        for (Resource r : now.resources()) {
            for (String p : r.properties().keySet()) {
                String k = RevisionImpact.key(r.id(), p);
                Change c = byKey.get(k);
                if (c == null) {
                    assertThat(truth.contains(k)).as("unchanged fate of " + k).isEqualTo(wasDrifting.contains(k));
                } else if (c.kind() == Kind.DRIFTS || c.kind() == Kind.STILL_DRIFTS) {
                    assertThat(truth).as(c.toString()).contains(k);
                } else if (c.kind() == Kind.RESOLVES) {
                    assertThat(truth).as(c.toString()).doesNotContain(k);
                }
            }
        }
        return hi;
    }

    static Standard parse(String resourcesYaml) {
        Problems problems = new Problems();
        String text = "standard: t\nresources:\n" + resourcesYaml;
        return StrictYaml.parse("t.yaml", text.getBytes(StandardCharsets.UTF_8), problems)
                .flatMap(n -> StandardParser.parse("t.yaml", n, p -> Optional.empty(), problems))
                .orElseThrow();
    }

    static Map<String, Kind> kinds(HostImpact hi) {
        return hi.changes().stream().collect(Collectors.toMap(c -> c.resource() + " " + c.property(), Change::kind));
    }

    @Test
    void fileDemandsThatChange() {
        Observation o = anObservation()
                .regular("/etc/app.conf", "0600", 0, "root", "a=1\n")
                .build();
        String before = "  - file: /etc/app.conf\n    owner: root\n    mode: \"0644\"\n    content: \"a=1\\n\"\n";
        String after =
                "  - file: /etc/app.conf\n    owner: root\n    mode: \"0600\"\n    content: \"a=2\\n\"\n    group: adm\n";
        HostImpact hi = predictAndCheck(before, after, o);
        assertThat(kinds(hi))
                .containsOnly(
                        Map.entry("file:/etc/app.conf mode", Kind.RESOLVES),
                        Map.entry("file:/etc/app.conf content", Kind.DRIFTS),
                        Map.entry("file:/etc/app.conf group", Kind.UNKNOWN));
        Change content = hi.changes().stream()
                .filter(c -> c.property().equals("content"))
                .findFirst()
                .orElseThrow();
        assertThat(content.live()).isEqualTo(content.before()).startsWith("sha256:");
        assertThat(content.declaredAt()).isEqualTo("t.yaml:6");
    }

    @Test
    void aPropertyNoLongerDeclaredResolvesItsDrift() {
        Observation o = anObservation()
                .regular("/etc/app.conf", "0600", 0, "root", "a=1\n")
                .build();
        HostImpact hi =
                predictAndCheck("  - file: /etc/app.conf\n    mode: \"0644\"\n", "  - file: /etc/app.conf\n", o);
        assertThat(hi.changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.RESOLVES);
            assertThat(c.why()).isEqualTo("no longer declared");
            assertThat(c.live()).isEqualTo("0600");
        });
    }

    @Test
    void packagesCompareInDebianOrder() {
        Observation o = anObservation()
                .pkg("nginx", new PackageInstance("nginx", "ii", "1.22.1-9", "amd64"))
                .pkg("curl", new PackageInstance("curl", "ii", "7.88.1-10", "amd64"))
                .build();
        String before = "  - package: nginx\n    version: \"1.22.1-9\"\n  - package: curl\n    version: \"7.88.1-9\"\n";
        String after =
                "  - package: nginx\n    version: \"1.22.1-10\"\n  - package: curl\n    version: \"0:7.88.1-10\"\n";
        assertThat(kinds(predictAndCheck(before, after, o)))
                .containsOnly(
                        Map.entry("package:nginx version", Kind.DRIFTS),
                        Map.entry("package:curl version", Kind.RESOLVES));
    }

    @Test
    void servicesSayCannotTellWhenSeveralLiveStatesMetTheOldDemand() {
        Observation o = anObservation()
                .service("telnet.service", "inactive", "masked", null)
                .service("cron.service", "active", "disabled", null)
                .build();
        String before = "  - service: telnet\n    enabled: false\n  - service: cron\n    enabled: true\n";
        String after = "  - service: telnet\n    enabled: masked\n  - service: cron\n    enabled: false\n";
        assertThat(kinds(predictAndCheck(before, after, o)))
                .containsOnly(
                        Map.entry("service:telnet.service enabled", Kind.UNKNOWN),
                        Map.entry("service:cron.service enabled", Kind.RESOLVES));
    }

    @Test
    void stillDriftingSysctlAndNotCheckedValues() {
        Observation o = anObservation()
                .sysctl("net.ipv4.ip_forward", "ok", "1")
                .sysctl("kernel.x", "no-runtime-state", null)
                .build();
        String before = "  - sysctl: net.ipv4.ip_forward\n    value: \"0\"\n  - sysctl: kernel.x\n    value: \"1\"\n";
        String after = "  - sysctl: net.ipv4.ip_forward\n    value: \"2\"\n  - sysctl: kernel.x\n    value: \"2\"\n";
        HostImpact hi = predictAndCheck(before, after, o);
        assertThat(kinds(hi))
                .containsOnly(
                        Map.entry("sysctl:net.ipv4.ip_forward value", Kind.STILL_DRIFTS),
                        Map.entry("sysctl:kernel.x value", Kind.UNKNOWN));
        assertThat(hi.changes())
                .filteredOn(c -> c.resource().equals("sysctl:kernel.x"))
                .singleElement()
                .extracting(Change::why)
                .asString()
                .contains("no-runtime-state");
    }

    @Test
    void anEnsureDriftHidesTheResourcesOtherProperties() {
        Observation o = anObservation()
                .fact(io.driftwarden.collect.FileFact.missing("/etc/app.conf", "absent"))
                .build();
        HostImpact hi = predictAndCheck(
                "  - file: /etc/app.conf\n    mode: \"0644\"\n", "  - file: /etc/app.conf\n    mode: \"0600\"\n", o);
        assertThat(hi.changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.UNKNOWN);
            assertThat(c.why()).contains("ensure");
        });
    }

    @Test
    void sensitiveContentNeverShowsADigest() {
        Observation o = anObservation()
                .regular("/etc/shadow", "0640", 0, "root", "root:x:1::::::\n")
                .build();
        String before = "  - file: /etc/shadow\n    content: \"root:x:1::::::\\n\"\n";
        String after = "  - file: /etc/shadow\n    content: \"root:*:1::::::\\n\"\n";
        HostImpact hi = predictAndCheck(before, after, o);
        assertThat(hi.changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.DRIFTS);
            assertThat(List.of(c.before(), c.after(), c.live())).containsOnly("(sensitive)");
        });
        // drifting sensitive content is shown as an hmac: whether it meets a new demand cannot be told
        Observation drifted = anObservation()
                .regular("/etc/shadow", "0640", 0, "root", "root:y:1::::::\n")
                .build();
        assertThat(kinds(predictAndCheck(before, after, drifted)))
                .containsOnly(Map.entry("file:/etc/shadow content", Kind.UNKNOWN));
    }

    @Test
    void aConflictingCandidateIsAVerdictNotAList() {
        HostPlan old = plan("  - file: /etc/a\n    mode: \"0644\"\n");
        HostPlan.Resolution conflicting = HostPlan.resolve(
                List.of(
                        parse("  - file: /etc/a\n    mode: \"0644\"\n"),
                        parse("  - file: /etc/a\n    mode: \"0600\"\n")),
                "h",
                Set.of());
        HostImpact hi = IMPACT.of("h", old, conflicting, Map.of());
        assertThat(hi.verdict())
                .startsWith("the candidate cannot be planned for this host, which would fail with error kind conflict")
                .contains("/etc/a mode");
        assertThat(hi.changes()).isEmpty();
    }
}
