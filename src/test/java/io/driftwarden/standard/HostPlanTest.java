package io.driftwarden.standard;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Per-host plans: interpolation of inventory values, exclusions, overrides. Standards go through the real parser. */
class HostPlanTest {
    static Standard standard(String file, String yaml) {
        Problems problems = new Problems();
        Optional<Standard> s = StrictYaml.parse(file, yaml.getBytes(StandardCharsets.UTF_8), problems)
                .flatMap(n -> StandardParser.parse(file, n, p -> Optional.empty(), problems));
        assertThat(problems.lines()).isEmpty();
        return s.orElseThrow();
    }

    static List<String> problems(String yaml) {
        Problems problems = new Problems();
        StrictYaml.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), problems)
                .flatMap(n -> StandardParser.parse("t.yaml", n, p -> Optional.empty(), problems));
        return problems.lines();
    }

    static final Target WEB1 =
            new Target("web-1", "192.0.2.11", Set.of("web"), Map.of("ntp", "ntp1.example.com", "sx", "4096"));

    static String expected(HostPlan plan, String resource, String property) {
        return plan.resources().stream()
                .filter(r -> r.id().toString().equals(resource))
                .findFirst()
                .orElseThrow()
                .property(property)
                .orElseThrow()
                .expected()
                .text();
    }

    @Test
    void hostValuesFillScalarValuesAndInlineContent() {
        Standard s = standard("base.yaml", """
                standard: base
                resources:
                  - file: /etc/chrony/chrony.conf
                    content: "server ${vars.ntp} iburst # on ${host.name} (${host.address}); $${vars.ntp} and ${PATH} stay\\n"
                  - sysctl: net.core.somaxconn
                    value: "  ${vars.sx} "
                  - file: /etc/motd
                    target: /etc/motd.${host.name}
                    ensure: link
                """);
        HostPlan plan = HostPlan.resolve(List.of(s), WEB1).ok().orElseThrow();
        byte[] filled = "server ntp1.example.com iburst # on web-1 (192.0.2.11); ${vars.ntp} and ${PATH} stay\n"
                .getBytes(StandardCharsets.UTF_8);
        Resource conf = plan.resources().stream()
                .filter(r -> r.id().name().equals("/etc/chrony/chrony.conf"))
                .findFirst()
                .orElseThrow();
        assertThat(conf.expectedContent().orElseThrow().bytes()).contains(filled);
        assertThat(expected(plan, "file:/etc/chrony/chrony.conf", "content"))
                .isEqualTo("sha256:" + ResourceParser.sha256(filled));
        assertThat(expected(plan, "sysctl:net.core.somaxconn", "value")).isEqualTo("4096");
        assertThat(expected(plan, "file:/etc/motd", "target")).isEqualTo("/etc/motd.web-1");
    }

    @Test
    void aMissingVariableFailsTheHostWithKindStandardNamingTheLine() {
        Standard s = standard("base.yaml", """
                standard: base
                resources:
                  - sysctl: net.core.somaxconn
                    value: "${vars.somaxconn}"
                """);
        HostPlan.Resolution res = HostPlan.resolve(List.of(s), WEB1);
        assertThat(res.ok()).isEmpty();
        assertThat(res.failure().orElseThrow().kind()).isEqualTo("standard");
        assertThat(res.failure().orElseThrow().message())
                .startsWith("base.yaml:4: ${vars.somaxconn} is not defined for host web-1");
        Target other = new Target("web-2", "web-2", Set.of(), Map.of("somaxconn", "1024"));
        assertThat(expected(
                        HostPlan.resolve(List.of(s), other).ok().orElseThrow(), "sysctl:net.core.somaxconn", "value"))
                .isEqualTo("1024");
    }

    @Test
    void aValueThatIsInvalidOnceFilledInFailsTheHost() {
        Standard s = standard("base.yaml", """
                standard: base
                resources:
                  - package: openssh-server
                    version: "${vars.floor}"
                """);
        Target t = new Target("h", "h", Set.of(), Map.of("floor", ">= latest"));
        assertThat(HostPlan.resolve(List.of(s), t).failure().orElseThrow().message())
                .contains("starts with a digit");
        Target ok = new Target("h", "h", Set.of(), Map.of("floor", ">=1:9.2p1-2+deb12u3"));
        assertThat(expected(HostPlan.resolve(List.of(s), ok).ok().orElseThrow(), "package:openssh-server", "version"))
                .isEqualTo(">= 1:9.2p1-2+deb12u3");
    }

    @Test
    void malformedReferencesAndInterpolatedNamesAreLoadErrors() {
        assertThat(problems("standard: t\nresources:\n  - file: /etc/${host.name}\n    mode: \"0644\"\n"))
                .singleElement()
                .asString()
                .contains("t.yaml:3")
                .contains("names are never interpolated");
        assertThat(problems("standard: t\nresources:\n  - sysctl: net.${vars.iface}.rp_filter\n    value: \"1\"\n"))
                .as("a variable no host-less fill can resolve")
                .singleElement()
                .asString()
                .contains("names are never interpolated");
        assertThat(problems("standard: t\nresources:\n  - file: /opt/app/${PATH}\n    mode: \"0644\"\n"))
                .as("a shell variable is not a reference")
                .isEmpty();
        assertThat(problems("standard: t\nresources:\n  - file: /etc/x\n    owner: ${host.fqdn}\n"))
                .singleElement()
                .asString()
                .contains("unknown reference '${host.fqdn}'");
        assertThat(problems("standard: t\nresources:\n  - file: /etc/x\n    content: \"${vars.ntp\"\n"))
                .singleElement()
                .asString()
                .contains("unterminated reference");
        assertThat(problems("standard: t\nresources:\n  - file: /etc/x\n    owner: ${vars.9x}\n"))
                .singleElement()
                .asString()
                .contains("bad variable name");
    }

    @Test
    void excludeWinsOverSelection() {
        Standard s = standard("web.yaml", """
                standard: web
                applies_to: {hosts: ["web-*"], groups: [edge], exclude: {hosts: ["web-canary*"], groups: [lab]}}
                resources:
                  - package: nginx
                """);
        assertThat(s.appliesTo().matches("web-1", Set.of())).isTrue();
        assertThat(s.appliesTo().matches("proxy-1", Set.of("edge"))).isTrue();
        assertThat(s.appliesTo().matches("web-canary-1", Set.of())).isFalse();
        assertThat(s.appliesTo().matches("web-2", Set.of("lab"))).isFalse();
        assertThat(problems("standard: t\napplies_to: {hosts: [\"*\"], exclude: {}}\nresources:\n  - package: x\n"))
                .singleElement()
                .asString()
                .contains("excludes nothing");
        assertThat(problems("standard: t\napplies_to: {exclude: {hosts: [a]}}\nresources:\n  - package: x\n"))
                .singleElement()
                .asString()
                .contains("selects no host");
    }

    static final String BASE = """
            standard: base
            resources:
              - sysctl: net.core.somaxconn
                value: "128"
              - file: /etc/app.conf
                owner: root
                mode: "0644"
              - file: /etc/legacy
                ensure: absent
            """;

    @Test
    void withoutOverridesTwoValuesAreAConflict() {
        Standard web = standard(
                "web.yaml", "standard: web\nresources:\n  - sysctl: net.core.somaxconn\n    value: \"4096\"\n");
        HostPlan.Resolution res = HostPlan.resolve(List.of(standard("base.yaml", BASE), web), WEB1);
        assertThat(res.failure().orElseThrow().kind()).isEqualTo("conflict");
        assertThat(res.failure().orElseThrow().message())
                .contains("base.yaml:4 wants '128'")
                .contains("web.yaml:4 wants '4096'");
    }

    @Test
    void theMoreSpecificStandardWinsAndThePlanSaysSo() {
        Standard web = standard("web.yaml", """
                standard: web
                overrides: base
                resources:
                  - sysctl: net.core.somaxconn
                    value: "4096"
                  - file: /etc/app.conf
                    mode: "0640"
                  - file: /etc/legacy
                    mode: "0600"
                """);
        for (List<Standard> order :
                List.of(List.of(standard("base.yaml", BASE), web), List.of(web, standard("base.yaml", BASE)))) {
            HostPlan plan = HostPlan.resolve(order, WEB1).ok().orElseThrow();
            assertThat(expected(plan, "sysctl:net.core.somaxconn", "value")).isEqualTo("4096");
            assertThat(expected(plan, "file:/etc/app.conf", "mode")).isEqualTo("0640");
            assertThat(expected(plan, "file:/etc/app.conf", "owner"))
                    .as("what the override leaves alone still applies")
                    .isEqualTo("root");
            assertThat(expected(plan, "file:/etc/legacy", "ensure")).isEqualTo("file");
            assertThat(plan.overrides())
                    .extracting(HostPlan.Override::message)
                    .containsExactly(
                            "file:/etc/app.conf mode: web.yaml:7 ('0640') overrides base.yaml:7 ('0644')",
                            "file:/etc/legacy ensure: web.yaml:8 ('file') overrides base.yaml:9 ('absent')",
                            "sysctl:net.core.somaxconn value: web.yaml:5 ('4096') overrides base.yaml:4 ('128')");
        }
    }

    @Test
    void overridesAreTransitive() {
        Standard web = standard(
                "web.yaml",
                "standard: web\noverrides: [base]\nresources:\n  - sysctl: net.core.somaxconn\n    value: \"1024\"\n");
        Standard canary = standard(
                "canary.yaml",
                "standard: canary\noverrides: web\nresources:\n  - sysctl: net.core.somaxconn\n    value: \"8192\"\n");
        HostPlan plan = HostPlan.resolve(List.of(canary, standard("base.yaml", BASE), web), WEB1)
                .ok()
                .orElseThrow();
        assertThat(expected(plan, "sysctl:net.core.somaxconn", "value")).isEqualTo("8192");
    }

    @Test
    void aRelaxedComparisonNeedsAReasonAnEndAndTheContent() {
        assertThat(
                        problems(
                                "standard: t\nresources:\n  - file: /etc/x\n    content: \"a\\n\"\n    compare: ignore-comments-and-blank-lines\n"))
                .singleElement()
                .asString()
                .contains("t.yaml:5")
                .contains("needs a reason and an end");
        assertThat(problems("standard: t\nresources:\n  - file: /etc/x\n    content: \"a\\n\"\n"
                        + "    compare: {mode: ignore-comments-and-blank-lines, justification: x}\n"))
                .singleElement()
                .asString()
                .contains("expires")
                .contains("required");
        assertThat(
                        problems(
                                "standard: t\nresources:\n  - file: /etc/x\n    sha256: \"" + "a".repeat(64) + "\"\n"
                                        + "    compare: {mode: ignore-comments-and-blank-lines, justification: x, expires: 2027-01-01T00:00:00Z}\n"))
                .singleElement()
                .asString()
                .contains("needs the expected content itself");
        assertThat(problems("standard: t\nresources:\n  - file: /etc/x\n    content: \"a\\n\"\n"
                        + "    compare: {mode: loose, justification: x, expires: 2027-01-01}\n"))
                .anySatisfy(p -> assertThat(p).contains("must be exact or ignore-comments-and-blank-lines"))
                .anySatisfy(p -> assertThat(p).contains("RFC 3339"));
        assertThat(problems("standard: t\nresources:\n  - file: /etc/x\n    content: \"a\\n\"\n    compare: exact\n"))
                .isEmpty();
    }
}
