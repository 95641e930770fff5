package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.TestFiles;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.daemon.ScheduledRun;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.store.Outbox;
import io.driftwarden.store.Store;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon run whose reports directory is full (a real 8 KiB tmpfs: the tests run as root): no truncated report is
 * left behind, the run counts as failed, and the report still goes out by mail.
 */
class ReportDiskFullIT {
    static final Path DEMO = Path.of("test-fixtures/demo").toAbsolutePath();

    @TempDir
    Path dir;

    Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aFullDiskLeavesNoHalfReportAndTheRunIsVisiblyFailedAndMailed() throws Exception {
        assertThat(new ProcessBuilder("sh", DEMO.resolve("build.sh").toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        Path reports = Files.createDirectories(dir.resolve("reports"));
        assertThat(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", reports.toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .as("mount a tiny tmpfs (the tests run as root)")
                .isZero();
        mounted = reports;
        TestFiles.copyTree(DEMO.resolve("build/standards"), dir.resolve("standards"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // nothing listens: the mail stays queued
        }
        Path cfgFile = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "instance: prod\nstandards: standards\ninventory: "
                        + DEMO.resolve("inventory.yaml") + "\nreports_dir: reports\nhmac_key_file: state/hmac.key\n"
                        + "store: {url: \"jdbc:h2:file:./state/driftwarden\"}\nsignoff: {allowed_signers: "
                        + DEMO.resolve("build/allowed_signers") + ", required: 2}\n"
                        + "email: {smtp: {host: localhost, port: " + port
                        + ", security: smtps}, from: driftwarden@example.com,"
                        + " to: [cab@example.com], policy: every-run}\n");
        Config cfg = ConfigLoader.load(cfgFile);
        DriftwardenMetrics metrics = new DriftwardenMetrics("t", true);
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun run = new ScheduledRun(
                    cfg,
                    cfgFile,
                    false,
                    metrics,
                    io.driftwarden.store.JdbcStorage.forRuns(store),
                    io.driftwarden.store.JdbcStorage.evidence(store),
                    Clock.systemUTC());
            run.run();
            String runId = run.latest().orElseThrow().runId();
            try (Stream<Path> left = Files.list(reports)) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .as("whole files only")
                        .allMatch(n -> !n.startsWith(runId) || n.equals(runId + ".json"))
                        .noneMatch(n -> n.endsWith(".tmp"));
            }
            Path json = reports.resolve(runId + ".json");
            if (Files.exists(json)) { // it fitted: then latest.html did not, and what is there parses whole
                assertThat(Files.readString(json)).endsWith("}\n");
            }
            assertThat(metrics.scrape()).contains("driftwarden_audit_runs_total{outcome=\"failure\"} 1.0");
            assertThat(store.tx(Outbox::pendingCount))
                    .as("the report is still queued for the board")
                    .isEqualTo(1);
            String outcome = store.tx(c -> {
                try (var st = c.prepareStatement("SELECT outcome FROM runs WHERE run_id = ?")) {
                    st.setString(1, runId);
                    try (var rs = st.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            });
            assertThat(outcome)
                    .as("history shows a failed run, not a healthy one without a report")
                    .isEqualTo("failure");
        }
    }
}
