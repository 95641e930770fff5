package io.driftwarden.cli;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's runs in-process over a signed bundle: records always come from the current approvals source, also
 * while the standard falls back to its last accepted revision.
 */
class ApprovalsDaemonTest {
    @TempDir
    Path dir;

    @Test
    void aTombstoneHoldsThroughTheFallbackAndARecordSignedDuringItTakesEffect() throws Exception {
        SignedApprovals b = new SignedApprovals(dir, "");
        b.signStandard();
        b.sign(b.carol, b.record("CHG-1"));
        b.index();
        Config cfg = ConfigLoader.load(b.config);
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun daemon = new ScheduledRun(
                    cfg,
                    b.config,
                    false,
                    new DriftwardenMetrics("t", true),
                    JdbcStorage.forRuns(store),
                    JdbcStorage.evidence(store),
                    Clock.systemUTC());
            daemon.run();
            assertThat(approval(daemon))
                    .as("run 1: revision 1 accepted, CHG-1 approves")
                    .isEqualTo("CHG-1");

            // withdrawn between runs; the record's file and signature are put back before the next run
            byte[] record = Files.readAllBytes(b.approvals.resolve("CHG-1.yaml"));
            byte[] signature = Files.readAllBytes(b.approvals.resolve("CHG-1.yaml.carol.sig"));
            b.withdraw("CHG-1");
            Files.delete(b.approvals.resolve("CHG-1.yaml"));
            Files.delete(b.approvals.resolve("CHG-1.yaml.carol.sig"));
            b.index();
            daemon.run();
            assertThat(approval(daemon)).as("run 2: withdrawn").isNull();
            Files.write(b.approvals.resolve("CHG-1.yaml"), record);
            Files.write(b.approvals.resolve("CHG-1.yaml.carol.sig"), signature);
            daemon.run();
            assertThat(approval(daemon))
                    .as("run 3: restored between two runs, still withdrawn")
                    .isNull();
            assertThat(daemon.latest().orElseThrow().approvals().verdicts().withdrawn())
                    .containsExactly("CHG-1");

            // someone edits the standard without a signature: the daemon falls back to revision 1...
            Files.writeString(b.std.resolve("base.yaml"), Files.readString(b.std.resolve("base.yaml")) + "# edit\n");
            daemon.run();
            AuditResult fallback = daemon.latest().orElseThrow();
            assertThat(fallback.standard().verified()).isFalse();
            assertThat(fallback.standard().problem()).contains("audited against the last accepted revision 1");
            assertThat(approval(daemon))
                    .as("run 4: the fallback replaces the standard only; the tombstone holds")
                    .isNull();
            assertThat(fallback.approvals().verdicts().withdrawn()).containsExactly("CHG-1");

            // ...and the board approves the hotfix anew during the fallback: CHG-2, signed and indexed
            b.sign(b.carol, b.record("CHG-2"));
            b.index();
            daemon.run();
            assertThat(daemon.latest().orElseThrow().standard().verified())
                    .as("still in fallback")
                    .isFalse();
            assertThat(approval(daemon)).as("run 5: CHG-2 takes effect at once").isEqualTo("CHG-2");
        }
    }

    /** The record that approves h's drift in the latest run (null: unapproved). */
    private static String approval(ScheduledRun daemon) {
        var drift = daemon.latest().orElseThrow().hosts().get(0).drifts().get(0);
        return drift.classification().approved() ? drift.classification().approval() : null;
    }
}
