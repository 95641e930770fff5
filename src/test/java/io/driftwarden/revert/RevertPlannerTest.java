package io.driftwarden.revert;

import static io.driftwarden.diff.Obs.anObservation;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.approval.RecordBuilder;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.audit.Runs;
import io.driftwarden.collect.FileFact;
import io.driftwarden.collect.HostObservation;
import io.driftwarden.collect.Observation;
import io.driftwarden.collect.PackageInstance;
import io.driftwarden.diff.ContentHasher;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.diff.Sensitivity;
import io.driftwarden.revert.RevertPlanner.Outcome;
import io.driftwarden.revert.RevertPlanner.Planned;
import io.driftwarden.revert.RevertPlanner.Refused;
import io.driftwarden.revert.Step.Verb;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Standard;
import io.driftwarden.standard.StandardParser;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Section 9's plan and refusals, from a resource judged exactly as an audit judges it. */
class RevertPlannerTest {
    static final DiffEngine ENGINE = new DiffEngine(
            new Sensitivity(io.driftwarden.config.Config.Reports.DEFAULT_SENSITIVE), new ContentHasher(new byte[32]));

    static Standard standard(String resources, Map<String, byte[]> files) {
        Problems p = new Problems();
        String text = "standard: t\nresources:\n" + resources;
        Standard s = StrictYaml.parse("t.yaml", text.getBytes(StandardCharsets.UTF_8), p)
                .flatMap(n -> StandardParser.parse("t.yaml", n, f -> Optional.ofNullable(files.get(f)), p))
                .orElseThrow();
        assertThat(p.lines()).isEmpty();
        return s;
    }

    static ResourceCheck check(String resources, String id, Observation o, List<ChangeRecord> records) {
        return ResourceCheck.run(
                Runs.host("h"),
                ResourceId.parse(id).orElseThrow(),
                List.of(standard(resources, Map.of("files/motd", "welcome\n".getBytes(StandardCharsets.UTF_8)))),
                records,
                ENGINE,
                (host, request) -> new HostObservation.Observed(o),
                Instant.parse("2026-11-23T10:00:00Z"));
    }

    static Outcome plan(String resources, String id, Observation o) {
        return RevertPlanner.plan(check(resources, id, o, List.of()), null, false);
    }

    static RevertPlan planned(Outcome o) {
        assertThat(o).isInstanceOf(Planned.class);
        return ((Planned) o).plan();
    }

    static String refused(Outcome o) {
        assertThat(o).isInstanceOf(Refused.class);
        return ((Refused) o).reason();
    }

    static final String MOTD = "  - file: /etc/motd\n    mode: \"0644\"\n    source: files/motd\n";

    @Test
    void contentAndModeAreOneStepEachAndTheWriteIsGuardedByTheLiveDigest() {
        Observation o = anObservation()
                .regular("/etc/motd", "0666", 0, "root", "hacked\n")
                .build();
        RevertPlan p = planned(plan(MOTD, "file:/etc/motd", o));
        assertThat(p.steps()).extracting(Step::verb).containsExactly(Verb.CHMOD, Verb.WRITE);
        Step write = p.steps().get(1);
        assertThat(write.operands())
                .containsExactly(
                        "/etc/motd",
                        io.driftwarden.standard.ResourceParser.sha256("welcome\n".getBytes()),
                        io.driftwarden.standard.ResourceParser.sha256("hacked\n".getBytes()),
                        "root",
                        "root",
                        "0644");
        assertThat(p.content().get(1)).asString().isEqualTo("welcome\n");
        assertThat(p.text())
                .contains("mode: the host has 0666, the standard wants 0644 (t.yaml:4)")
                .contains("1. chmod 0644 /etc/motd")
                .doesNotContain("welcome");
        assertThat(p.sha256())
                .as("the same live state gives the same plan")
                .isEqualTo(planned(plan(MOTD, "file:/etc/motd", o)).sha256());
        assertThat(planned(RevertPlanner.plan(check(MOTD, "file:/etc/motd", o, List.of()), "mode", false))
                        .steps())
                .extracting(Step::verb)
                .containsExactly(Verb.CHMOD);
        // content alone keeps the live mode: one property at a time
        assertThat(planned(RevertPlanner.plan(check(MOTD, "file:/etc/motd", o, List.of()), "content", false))
                        .steps())
                .singleElement()
                .satisfies(s -> assertThat(s.operands().get(5)).isEqualTo("0666"));
    }

    @Test
    void refusals() {
        Observation ok = anObservation()
                .regular("/etc/motd", "0644", 0, "root", "welcome\n")
                .build();
        assertThat(refused(plan(MOTD, "file:/etc/motd", ok)))
                .isEqualTo("h: file:/etc/motd is compliant: nothing to revert");
        assertThat(refused(RevertPlanner.plan(check(MOTD, "file:/etc/motd", ok, List.of()), "owner", false)))
                .isEqualTo("h: file:/etc/motd owner is not declared by the standard");

        Observation linked = anObservation()
                .fact(new FileFact(
                        "/etc/motd", "ok", "link", "0777", 0L, "root", 0L, "root", 5L, null, null, "/tmp/x", null))
                .build();
        assertThat(refused(plan(MOTD, "file:/etc/motd", linked)))
                .contains("file:/etc/motd ensure")
                .contains("it is a link and the standard wants a file: replace it by hand");
        assertThat(refused(plan(
                        "  - file: /etc/motd\n    mode: \"0644\"\n",
                        "file:/etc/motd",
                        anObservation()
                                .fact(new FileFact(
                                        "/etc/motd",
                                        "ok",
                                        "directory",
                                        "0755",
                                        0L,
                                        "root",
                                        0L,
                                        "root",
                                        5L,
                                        null,
                                        null,
                                        null,
                                        null))
                                .build())))
                .contains("file and directory changes are manual");
        assertThat(refused(plan(
                        "  - file: /etc/cron.d\n    ensure: absent\n",
                        "file:/etc/cron.d",
                        anObservation()
                                .fact(new FileFact(
                                        "/etc/cron.d",
                                        "ok",
                                        "directory",
                                        "0755",
                                        0L,
                                        "root",
                                        0L,
                                        "root",
                                        5L,
                                        null,
                                        null,
                                        null,
                                        null))
                                .build())))
                .contains("directories are never removed");

        Observation removed = anObservation()
                .pkg("telnetd", new PackageInstance("telnetd", "ii", "1", "amd64"))
                .build();
        ChangeRecord chg = RecordBuilder.aRecord("CHG-7")
                .hosts("h")
                .allow("package:telnetd", "ensure", "installed")
                .build();
        ResourceCheck approved =
                check("  - package: telnetd\n    ensure: absent\n", "package:telnetd", removed, List.of(chg));
        assertThat(refused(RevertPlanner.plan(approved, null, false)))
                .isEqualTo("h: package:telnetd ensure is approved by CHG-7: reverting approved drift needs --force");
        assertThat(planned(RevertPlanner.plan(approved, null, true)).steps())
                .singleElement()
                .satisfies(s -> assertThat(s.operands()).containsExactly("telnetd"));
    }

    @Test
    void persistedSysctlRewritesOnlyTheWinningFilesAssignment() {
        Observation o = anObservation()
                .conf("/etc/sysctl.d/10-base.conf", "# base\nnet.core.somaxconn = 1024\nvm.swappiness=10\n")
                .conf("/etc/sysctl.d/99-hotfix.conf", "net.core.somaxconn=8192\n")
                .build();
        RevertPlan p = planned(
                plan("  - sysctl: net.core.somaxconn\n    persisted: \"1024\"\n", "sysctl:net.core.somaxconn", o));
        assertThat(p.steps()).singleElement().satisfies(s -> {
            assertThat(s.verb()).isEqualTo(Verb.WRITE);
            assertThat(s.operands().get(0)).isEqualTo("/etc/sysctl.d/99-hotfix.conf");
        });
        assertThat(p.content().get(0)).asString().isEqualTo("net.core.somaxconn = 1024\n");

        Observation glob = anObservation()
                .conf("/etc/sysctl.d/99-x.conf", "net.ipv4.conf.*.rp_filter = 0\n")
                .build();
        assertThat(refused(plan(
                        "  - sysctl: net.ipv4.conf.eth0.rp_filter\n    persisted: \"2\"\n",
                        "sysctl:net.ipv4.conf.eth0.rp_filter",
                        glob)))
                .contains("a pattern in /etc/sysctl.d/99-x.conf sets it");

        RevertPlan fresh = planned(plan(
                "  - sysctl: kernel.x\n    persisted: \"1\"\n",
                "sysctl:kernel.x",
                anObservation().build()));
        assertThat(fresh.steps().get(0).operands()).startsWith("/etc/sysctl.d/90-driftwarden-kernel.x.conf");
    }

    @Test
    void hostileNamesStaySingleOperands() {
        String user = "  - user: deploy\n    shell: \"/bin/sh; rm -rf /\"\n";
        Observation o = anObservation()
                .passwd("deploy:x:1001:1001::/home/deploy:/bin/bash")
                .build();
        RevertPlan p = planned(plan(user, "user:deploy", o));
        assertThat(p.steps()).singleElement().satisfies(s -> {
            assertThat(s.verb()).isEqualTo(Verb.USERMOD);
            assertThat(s.operands()).containsExactly("-s", "/bin/sh; rm -rf /", "deploy");
        });
    }

    @Test
    void anUnmanagedEntryIsRemovedOneAtATime() {
        String dir = "  - file: /etc/sudoers.d\n    ensure: directory\n    exclusive: true\n"
                + "  - file: /etc/sudoers.d/README\n    mode: \"0440\"\n";
        Observation o = anObservation()
                .fact(new FileFact(
                        "/etc/sudoers.d",
                        "ok",
                        "directory",
                        "0750",
                        0L,
                        "root",
                        0L,
                        "root",
                        4096L,
                        null,
                        null,
                        null,
                        null))
                .listing("/etc/sudoers.d", "ok", "99-hotfix", "README", "zz-other")
                .build();
        ResourceCheck check = check(dir, "file:/etc/sudoers.d", o, List.of());
        RevertPlan one = planned(RevertPlanner.plan(check, "unmanaged-entry/99-hotfix", false));
        assertThat(one.steps()).singleElement().satisfies(st -> {
            assertThat(st.verb()).isEqualTo(Verb.REMOVE);
            assertThat(st.operands()).containsExactly("/etc/sudoers.d/99-hotfix");
        });
        RevertPlan both = planned(RevertPlanner.plan(check, "unmanaged-entry", false));
        assertThat(both.steps())
                .extracting(st -> st.operands().get(0))
                .as("a declared entry is never removed, even when the" + " revert judges the directory alone")
                .containsExactly("/etc/sudoers.d/99-hotfix", "/etc/sudoers.d/zz-other");
        assertThat(RevertPlanner.plan(check, "unmanaged-entry/absent-one", false))
                .isInstanceOf(Refused.class);
    }
}
