package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.daemon.ScheduledRun;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** One daemon run in-process over an image fleet: what it carries forward and what it logs. */
class DaemonRunTest {
    @TempDir
    Path dir;

    @Test
    void whenTheStoreCannotRecordTheRunTheHistoryStillFollowsResolveAfter() throws Exception {
        ImageFleet fleet = new ImageFleet(dir, "", "history: {resolve_after: 2}\n").mode("0600");
        Config cfg = ConfigLoader.load(fleet.config());
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun run = new ScheduledRun(
                    cfg,
                    fleet.config(),
                    true,
                    new DriftwardenMetrics("t", true),
                    io.driftwarden.store.JdbcStorage.forRuns(store),
                    io.driftwarden.store.JdbcStorage.evidence(store),
                    Clock.systemUTC());
            run.run();
            assertThat(run.history().open()).hasSize(1);
            fleet.mode("0644");
            // the record step fails (a table it writes is gone); the audit and its reports still happen
            store.tx(c -> c.createStatement().executeUpdate("DROP TABLE record_flags"));
            run.run();
            assertThat(run.latest().orElseThrow().drifts(false)).isZero();
            assertThat(run.history().open())
                    .as("one clean run of the two resolve_after asks for")
                    .hasSize(1)
                    .allSatisfy((k, o) -> assertThat(o.cleanRuns()).isEqualTo(1));
        }
    }

    @Test
    void eachFailedHostGetsALogLineNamingItAndWhy() throws Exception {
        ImageFleet fleet = new ImageFleet(dir, "  web-9: {transport: image, root: roots/missing}\n", "");
        Config cfg = ConfigLoader.load(fleet.config());
        Logger logger = (Logger) LoggerFactory.getLogger(ScheduledRun.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun run = new ScheduledRun(
                    cfg,
                    fleet.config(),
                    true,
                    new DriftwardenMetrics("t", true),
                    io.driftwarden.store.JdbcStorage.forRuns(store),
                    io.driftwarden.store.JdbcStorage.evidence(store),
                    Clock.systemUTC());
            run.run();
            String id = run.latest().orElseThrow().runId();
            assertThat(logged.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(m -> m.contains("host "))
                    .singleElement()
                    .satisfies(m -> assertThat(m)
                            .startsWith("run " + id + ": host web-9 (image roots/missing) failed: unreachable: ")
                            .doesNotContain("\n"));
        } finally {
            logger.detachAppender(logged);
        }
    }
}
