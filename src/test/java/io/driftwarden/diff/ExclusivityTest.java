package io.driftwarden.diff;

import static io.driftwarden.diff.Obs.anObservation;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.collect.Observation;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.Standard;
import io.driftwarden.standard.StandardParser;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Exclusive directories and the user guard: what a standard forbids by leaving it out. */
class ExclusivityTest {
    static HostDiff diff(String yaml, Observation o) {
        Problems problems = new Problems();
        Optional<Standard> s = StrictYaml.parse("base.yaml", yaml.getBytes(StandardCharsets.UTF_8), problems)
                .flatMap(n -> StandardParser.parse("base.yaml", n, p -> Optional.empty(), problems));
        assertThat(problems.lines()).isEmpty();
        HostPlan plan =
                HostPlan.resolve(List.of(s.orElseThrow()), "h", Set.of()).ok().orElseThrow();
        return PropertyMatrixTest.ENGINE.diff(PropertyMatrixTest.H, plan, o);
    }

    static final String SUDOERS = """
            standard: base
            resources:
              - file: /etc/sudoers.d
                ensure: directory
                exclusive: true
              - file: /etc/sudoers.d/README
                mode: "0440"
              - file: /etc/sudoers.d/ops/team
                mode: "0440"
            """;

    @Test
    void everyUndeclaredEntryIsItsOwnDrift() {
        Observation o = anObservation()
                .fact(new io.driftwarden.collect.FileFact(
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
                .regular("/etc/sudoers.d/README", "0440", 0, "root", "x")
                .regular("/etc/sudoers.d/ops/team", "0440", 0, "root", "x")
                .listing("/etc/sudoers.d", "ok", "README", "ops", "99-hotfix", "00 evil\nname")
                .build();
        HostDiff d = diff(SUDOERS, o);
        assertThat(d.drifts())
                .extracting(x -> x.resource() + " " + x.property() + " " + x.expected() + " " + x.actual())
                .containsExactlyInAnyOrder(
                        "file:/etc/sudoers.d unmanaged-entry absent 99-hotfix",
                        "file:/etc/sudoers.d unmanaged-entry absent 00 evil\nname");
        Drift hotfix = d.drifts().stream()
                .filter(x -> x.actual().text().equals("99-hotfix"))
                .findFirst()
                .orElseThrow();
        assertThat(hotfix.identity()).isEqualTo("unmanaged-entry/99-hotfix");
        assertThat(hotfix.declaredAt()).isEqualTo("base.yaml:3");
        assertThat(hotfix.remedy()).isEqualTo("rm -- '/etc/sudoers.d/99-hotfix'");
        assertThat(d.notChecked()).isEmpty();
    }

    @Test
    void anUnlistableDirectoryIsNotCheckedAndAMissingOneIsOnlyTheEnsureDrift() {
        HostDiff denied = diff(
                SUDOERS,
                anObservation()
                        .listing("/etc/sudoers.d", "permission-denied")
                        .fact(new io.driftwarden.collect.FileFact(
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
                        .build());
        assertThat(denied.notChecked())
                .extracting(n -> n.resource() + " " + n.property() + " " + n.why())
                .contains("file:/etc/sudoers.d unmanaged-entry permission-denied");
        HostDiff absent = diff(
                SUDOERS,
                anObservation()
                        .listing("/etc/sudoers.d", "absent")
                        .fact(io.driftwarden.collect.FileFact.missing("/etc/sudoers.d", "absent"))
                        .build());
        assertThat(absent.drifts())
                .extracting(x -> x.resource() + " " + x.property())
                .contains("file:/etc/sudoers.d ensure")
                .doesNotContain("file:/etc/sudoers.d unmanaged-entry");
        assertThat(absent.notChecked()).noneMatch(n -> n.property().equals("unmanaged-entry"));
    }

    static final String GUARD = """
            standard: base
            users: {exclusive_above_uid: 1000}
            resources:
              - user: deploy
                uid: 1001
              - user: toor
                uid: 0
            """;

    @Test
    void theUserGuardCatchesASecondRootAndUndeclaredAccountsFromTheThreshold() {
        Observation o = anObservation()
                .passwd("deploy:x:1001:1001::/home/deploy:/bin/bash")
                .passwd("toor:x:0:0::/root:/bin/sh")
                .accounts(
                        "root:x:0:0:root:/root:/bin/bash",
                        "daemon:x:1:1::/usr/sbin:/usr/sbin/nologin",
                        "backdoor:x:0:0::/root:/bin/sh",
                        "deploy:x:1001:1001::/home/deploy:/bin/bash",
                        "toor:x:0:0::/root:/bin/sh",
                        "alice:x:1000:1000::/home/alice:/bin/bash",
                        "svc:x:999:999::/:/usr/sbin/nologin",
                        "nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin",
                        "eve:x:4242:4242::/home/eve:/bin/bash")
                .build();
        HostDiff d = diff(GUARD, o);
        assertThat(d.drifts())
                .extracting(x -> x.resource() + " " + x.property() + " " + x.expected() + " " + x.actual())
                .containsExactlyInAnyOrder(
                        "user:backdoor ensure absent present",
                        "user:alice ensure absent present",
                        "user:eve ensure absent present");
        assertThat(d.drifts())
                .filteredOn(x -> x.resource().name().equals("backdoor"))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.note()).contains("second account with uid 0");
                    assertThat(x.declaredAt()).isEqualTo("base.yaml:2");
                    assertThat(x.remedy()).isEqualTo("userdel -- 'backdoor'");
                });
        assertThat(d.drifts())
                .filteredOn(x -> x.resource().name().equals("eve"))
                .singleElement()
                .satisfies(x -> assertThat(x.note()).contains("uid 4242 (users.exclusive_above_uid: 1000)"));
    }

    @Test
    void withoutAThresholdOnlyUidZeroIsGuarded() {
        Observation o = anObservation()
                .accounts(
                        "root:x:0:0:root:/root:/bin/bash",
                        "alice:x:1000:1000::/home/alice:/bin/bash",
                        "r00t:x:0:0::/root:/bin/sh")
                .build();
        HostDiff d = diff("standard: base\nusers: {}\nresources:\n  - package: sudo\n", o);
        assertThat(d.drifts()).extracting(x -> x.resource().toString()).containsExactly("user:r00t");
    }
}
