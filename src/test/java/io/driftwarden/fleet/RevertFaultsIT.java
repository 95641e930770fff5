package io.driftwarden.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.cli.CliRun;
import io.driftwarden.config.StoreUrl;
import io.driftwarden.revert.Evidence;
import io.driftwarden.signoff.TestKeys;
import io.driftwarden.store.EvidenceStore;
import io.driftwarden.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reverts of an exclusive directory's unmanaged entry (the red team's case) over real OpenSSH, through a proxy that
 * cuts the revert's connections one at a time: the pre-check, the apply (at connect and at several points while the
 * plan runs), the re-audit. Whatever the cut, the host never changes without an evidence row, no row says
 * {@code applied} for a host that did not change, and every change with an undo plan is undone. Part of the
 * fault-injection suite ({@code src/bench/faults.sh}); its figures go to {@code target/revert-faults.txt}.
 */
class RevertFaultsIT {
    static final String DROP = "/etc/dw-drop.d";

    @TempDir
    static Path dir;

    static SshHost host;
    static CuttingProxy proxy;
    static Path config;
    static String storeUrl;

    @BeforeAll
    static void host() throws Exception {
        Keys audit = Keys.generate(dir, "audit_id");
        Keys enforce = Keys.generate(dir, "enforce_id");
        host = SshHost.start(audit.publicLine(), null, null, true, Map.of("ENFORCE_KEY", enforce.publicLine()));
        proxy = new CuttingProxy(host.port());
        Files.writeString(dir.resolve("known_hosts"), host.knownHostsLine("[127.0.0.1]:" + proxy.port()) + "\n");
        host.exec("sh", "-c", "mkdir -m 0755 " + DROP + " && printf 'a\\n' > " + DROP + "/10-declared.conf");
        Path std = Files.createDirectories(dir.resolve("standards"));
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                resources:
                  - file: /etc/dw-drop.d
                    ensure: directory
                    exclusive: true
                  - file: /etc/dw-drop.d/10-declared.conf
                    mode: "0644"
                """);
        Path alice = TestKeys.generate(Files.createDirectories(dir.resolve("keys")), "alice");
        Files.writeString(
                dir.resolve("allowed_signers"),
                "alice@example.com namespaces=\"driftwarden\" " + TestKeys.publicLine(alice) + "\n");
        Files.writeString(
                dir.resolve("inventory.yaml"), "hosts:\n  dw: {address: 127.0.0.1, port: " + proxy.port() + "}\n");
        config = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                RevertIT.base().replace("host_timeout: 60s", "host_timeout: 20s")
                        + "enforce: {user: dw-enforce, identity_file: enforce_id, sudo: true}\n");
        CliRun m = CliRun.of("standard", "manifest", "--config", config.toString());
        assertThat(m.exit()).as(m.err()).isZero();
        TestKeys.sign(alice, "driftwarden", std.resolve("SIGNOFF"), std.resolve("SIGNOFF.alice.sig"));
        storeUrl = StoreUrl.resolve("jdbc:h2:file:./state/driftwarden", dir);
    }

    @AfterAll
    static void down() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (host != null) {
            host.close();
        }
    }

    record Cut(String name, int connection, long afterMillis) {}

    @Test
    void noCutLeavesAHostChangeWithoutEvidence() throws Exception {
        // a clean revert first: its connections are the pre-check (the resource judged live), the stat of what the
        // undo needs, the apply (the enforce identity), the re-audit
        Outcome clean = revert("00-clean", null);
        assertThat(clean.changed()).isTrue();
        assertThat(clean.evidence().outcome()).isEqualTo("applied");
        int connections = proxy.connections();
        assertThat(connections).isEqualTo(4);
        int apply = connections - 1;
        List<Cut> cuts = new ArrayList<>(List.of(
                new Cut("pre-check cut at connect", 1, 0),
                new Cut("undo's stat cut at connect", 2, 0),
                new Cut("apply cut at connect", apply, 0),
                new Cut("re-audit cut at connect", connections, 0)));
        for (long ms : new long[] {100, 200, 300, 400, 500, 650, 800, 1000, 1300}) {
            cuts.add(new Cut("apply cut " + ms + " ms in", apply, ms));
        }
        int changes = 1;
        int rows = 1;
        int undone = 0;
        StringBuilder lines = new StringBuilder();
        int i = 1;
        for (Cut cut : cuts) {
            Outcome o = revert(String.format("%02d-hotfix", i++), cut);
            Evidence e = o.evidence();
            if (o.changed()) {
                changes++;
                assertThat(e)
                        .as(cut + ": the host changed, so its evidence must be there\n" + o.output())
                        .isNotNull();
            }
            if (e != null) {
                rows++;
                if (!o.changed()) {
                    assertThat(e.outcome())
                            .as(cut + ": nothing changed on the host\n" + o.output())
                            .isNotEqualTo("applied");
                }
                if (o.changed() && e.undoPlan() != null) {
                    CliRun undo = CliRun.of(
                            "revert", "--config", config.toString(), "--undo", String.valueOf(e.id()), "--yes");
                    assertThat(undo.exit())
                            .as(cut + " undo\n" + undo.out() + undo.err())
                            .isZero();
                    assertThat(present(o.entry()))
                            .as(cut + ": the undo put the entry back")
                            .isTrue();
                    undone++;
                    rows++;
                }
            }
            lines.append(String.format(
                    "  %-28s host changed: %-5s evidence: %s%n",
                    cut.name(),
                    o.changed(),
                    e == null
                            ? "none (nothing applied)"
                            : e.outcome() + (e.undoPlan() == null ? "" : ", undo plan kept")));
        }
        String report = "revert under cut connections (RevertFaultsIT), over real OpenSSH\n" + lines
                + String.format(
                        "faults injected: %d; host changes: %d, each with its evidence row; undone from the evidence: %d;"
                                + " evidence rows written: %d%n",
                        cuts.size(), changes, undone, rows);
        Files.writeString(Path.of("target/revert-faults.txt"), report);
        System.out.print(report);
    }

    record Outcome(String entry, boolean changed, Evidence evidence, String output) {}

    private static Outcome revert(String name, Cut cut) throws Exception {
        String entry = DROP + "/" + name;
        host.exec("sh", "-c", "printf 'hotfix\\n' > '" + entry + "'");
        proxy.reset();
        if (cut != null) {
            proxy.cut(cut.connection(), cut.afterMillis());
        }
        CliRun run = CliRun.of(
                "revert",
                "--config",
                config.toString(),
                "--host",
                "dw",
                "--resource",
                "file:" + DROP,
                "--property",
                "unmanaged-entry/" + name,
                "--reason",
                "INC-7: unapproved hotfix",
                "--change",
                "INC-7",
                "--yes");
        if (cut != null) {
            proxy.reset(); // the cut is spent: the undo and the checks below go through
        }
        Matcher m = Pattern.compile("evidence (\\d+) recorded").matcher(run.out());
        Evidence e = null;
        if (m.find()) {
            long id = Long.parseLong(m.group(1));
            try (Store store = Store.open(storeUrl)) {
                e = store.tx(c -> EvidenceStore.byId(c, id)).orElseThrow();
            }
        }
        return new Outcome(entry, !present(entry), e, run.out() + run.err());
    }

    private static boolean present(String path) {
        return host.exec("sh", "-c", "test -e '" + path + "' && echo yes || echo no")
                .strip()
                .equals("yes");
    }
}
