package io.driftwarden.cli;

import static io.driftwarden.cli.SignedApprovals.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.daemon.ScheduledRun;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.store.JdbcStorage;
import io.driftwarden.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separately delivered {@code approvals_dir} that fails (emptied, unreadable, flooded) is loud and withdraws
 * nothing: {@code audit} exits 1; the daemon judges the last good copy again, logs, mails the board once, and sets
 * the metric.
 */
class ApprovalsSourceErrorTest {
    @TempDir
    Path dir;

    SignedApprovals b;
    Path delivered;

    @BeforeEach
    void aBoardThatDeliversItsRecordsApart() throws Exception {
        // an SMTP relay nobody listens on: mails stay in the outbox, where they are counted
        b = new SignedApprovals(
                dir,
                "approvals_dir: delivered\nemail: {smtp: {host: 127.0.0.1, port: 9, security: none},"
                        + " from: dw@example.com, to: [cab@example.com]}\n");
        b.signStandard();
        delivered = Files.createDirectories(dir.resolve("delivered"));
        Path record = b.record("CHG-1");
        Files.move(record, delivered.resolve("CHG-1.yaml"));
        b.sign(b.carol, delivered.resolve("CHG-1.yaml"));
        CliRun i = b.cli("approvals", "index");
        assertThat(i.exit()).as(i.err() + i.out()).isZero();
        assertThat(i.out()).contains(delivered.resolve("INDEX").toString());
        b.sign(b.carol, delivered.resolve("INDEX"));
    }

    private ScheduledRun daemon(Store store, DriftwardenMetrics metrics) throws Exception {
        Config cfg = ConfigLoader.load(b.config);
        return new ScheduledRun(
                cfg,
                b.config,
                false,
                metrics,
                JdbcStorage.forRuns(store),
                JdbcStorage.evidence(store),
                Clock.systemUTC());
    }

    private static String approval(ScheduledRun d) {
        var c = d.latest().orElseThrow().hosts().get(0).drifts().get(0).classification();
        return c.approved() ? c.approval() : null;
    }

    private static long sourceMails(Store store) {
        return store.tx(c -> {
            try (var rs = c.createStatement()
                    .executeQuery("SELECT COUNT(*) FROM outbox WHERE message_id LIKE '<approvals-source-%'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void anEmptiedSourceStopsTheAuditAndTheDaemonKeepsTheLastGoodCopy() throws Exception {
        CliRun ok = b.audit();
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(json(ok).at("/approvals/sources/1/name").asText()).isEqualTo("approvals_dir");

        Config cfg = ConfigLoader.load(b.config);
        DriftwardenMetrics metrics = new DriftwardenMetrics("t", true);
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun d = daemon(store, metrics);
            d.run();
            assertThat(approval(d)).isEqualTo("CHG-1");

            try (var files = Files.list(delivered)) { // the delivery job empties the directory
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            CliRun audit = b.audit();
            assertThat(audit.exit()).isEqualTo(1);
            assertThat(audit.err()).contains("approvals-source-error: empty").contains("(withdraws nothing)");

            d.run();
            AuditResult r = d.latest().orElseThrow();
            assertThat(approval(d)).as("the last good copy still approves").isEqualTo("CHG-1");
            var source = r.approvals().verdicts().failedSources();
            assertThat(source).singleElement().satisfies(s -> {
                assertThat(s.failure().reason()).isEqualTo("empty");
                assertThat(s.notes()).anyMatch(n -> n.contains("records from the last good copy the store kept"));
            });
            assertThat(metrics.scrape())
                    .contains("driftwarden_approvals_source_verified{source=\"approvals_dir\"} 0.0")
                    .contains("driftwarden_approvals_source_verified{source=\"standards\"} 1.0");
            d.run();
            assertThat(sourceMails(store))
                    .as("one mail, however many runs it lasts")
                    .isEqualTo(1);
        }
    }

    @Test
    void anUnreadableSourceWithdrawsNothing() throws Exception {
        Config cfg = ConfigLoader.load(b.config);
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun d = daemon(store, new DriftwardenMetrics("t", true));
            d.run();
            assertThat(approval(d)).isEqualTo("CHG-1");
            // tests run as root, where a mode of 000 hides nothing: a regular file where the directory was
            io.driftwarden.TestFiles.deleteTree(delivered);
            Files.writeString(delivered, "not a directory\n");
            CliRun audit = b.audit();
            assertThat(audit.exit()).isEqualTo(1);
            assertThat(audit.err())
                    .contains("approvals-source-error: unreadable")
                    .contains("not a directory");
            d.run();
            assertThat(approval(d)).isEqualTo("CHG-1");
            assertThat(d.latest().orElseThrow().approvals().verdicts().failedSources())
                    .singleElement()
                    .satisfies(s -> assertThat(s.failure().reason()).isEqualTo("unreadable"));
        }
    }

    @Test
    void aFloodOfTenThousandFilesIsRefusedFastAndReportedOnce() throws Exception {
        Config cfg = ConfigLoader.load(b.config);
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun d = daemon(store, new DriftwardenMetrics("t", true));
            d.run();
            for (int i = 0; i < 10_000; i++) {
                Files.createFile(delivered.resolve("CHG-F" + i + ".yaml"));
            }
            long t0 = System.nanoTime();
            d.run();
            d.run();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            AuditResult r = d.latest().orElseThrow();
            assertThat(took)
                    .as("two runs, well within any run deadline")
                    .isLessThan(cfg.schedule().runDeadline());
            assertThat(approval(d)).isEqualTo("CHG-1");
            assertThat(r.hosts()).allSatisfy(h -> assertThat(h.error()).isNull());
            var failed = r.approvals().verdicts().failedSources();
            assertThat(failed).singleElement().satisfies(s -> {
                assertThat(s.failure().reason()).isEqualTo("too-many-files");
                assertThat(s.failure().message()).contains("more than 2000 entries");
            });
            String text = d.latestJson().orElseThrow();
            assertThat(text.split("too-many-files", -1))
                    .as("one entry in the report names it")
                    .hasSize(3);
            assertThat(sourceMails(store)).isEqualTo(1);
            CliRun audit = b.audit();
            assertThat(audit.exit()).isEqualTo(1);
            assertThat(audit.err().lines()).singleElement().asString().contains("too-many-files");
        }
    }

    @Test
    void aFloodNeverHidesAWithdrawal() throws Exception {
        Config cfg = ConfigLoader.load(b.config);
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun d = daemon(store, new DriftwardenMetrics("t", true));
            d.run();
            assertThat(approval(d)).isEqualTo("CHG-1");
            // the board withdraws CHG-1 at 3 a.m.; someone floods the directory before the next run
            CliRun w = b.cli("approvals", "withdraw", "CHG-1", "--reason", "reverted", "--by", "carol@example.com");
            assertThat(w.exit()).as(w.err()).isZero();
            b.sign(b.carol, delivered.resolve("CHG-1.withdrawn"));
            for (int i = 0; i < 2_500; i++) {
                Files.createFile(delivered.resolve("CHG-F" + i + ".yaml"));
            }
            // and a name no record can have, which the store could not keep
            Files.writeString(delivered.resolve("A".repeat(80) + ".yaml"), "x");
            d.run();
            AuditResult r = d.latest().orElseThrow();
            assertThat(r.approvals().verdicts().failedSources())
                    .singleElement()
                    .satisfies(s -> assertThat(s.failure().reason()).isEqualTo("too-many-files"));
            assertThat(approval(d))
                    .as("the tombstone in the flooded source still withdraws")
                    .isNull();
            assertThat(r.approvals().verdicts().withdrawn()).containsExactly("CHG-1");
        }
    }

    @Test
    void aNameThatIsNoRecordIdIsIgnoredAndSaid() throws Exception {
        Files.writeString(delivered.resolve("A".repeat(80) + ".yaml"), "x");
        CliRun a = b.audit();
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(json(a).at("/approvals/sources/1/notes").toString()).contains("its name is no record id");
    }
}
