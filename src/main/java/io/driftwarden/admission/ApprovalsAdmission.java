package io.driftwarden.admission;

import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.IndexFloor;
import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.approval.SourceState;
import io.driftwarden.bundle.ApprovalsReader;
import io.driftwarden.config.Config;
import io.driftwarden.signoff.AllowedSigners;
import io.driftwarden.signoff.ApprovalsVerifier;
import io.driftwarden.yaml.LoadException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Admits the change records of the current approvals sources: the bundle's {@code approvals/} where this run
 * reads the bundle, and {@code approvals_dir}. Always the current ones, also when the standard itself falls
 * back to its last accepted revision: an old revision never brings its old records back.
 */
public final class ApprovalsAdmission {
    private ApprovalsAdmission() {}

    /** The sources of these settings, each read once. */
    public static List<ApprovalsSource> sources(Config cfg) {
        List<ApprovalsSource> out = new ArrayList<>();
        out.add(ApprovalsReader.bundle(cfg.standards()));
        if (cfg.approvalsDir() != null) {
            out.add(ApprovalsReader.dir(cfg.approvalsDir()));
        }
        return out;
    }

    /**
     * {@code signers} null: unsigned mode, records taken as written (still parsed, duplicates still refused).
     * {@code floors}: the index floors the store keeps (empty: it remembers none).
     */
    public static RecordVerdicts judge(
            Config cfg, AllowedSigners signers, Map<String, IndexFloor> floors, Instant now) {
        return verifier(cfg, signers).verify(sources(cfg), floors, now);
    }

    /**
     * The verdicts for a run that judges hosts: a source that could not be used stops the run (exit 1 for
     * {@code audit}), one line per problem, so that it never quietly approves less (or more) than it should.
     */
    public static RecordVerdicts admit(
            Config cfg, AllowedSigners signers, Map<String, IndexFloor> floors, Instant now) {
        RecordVerdicts v = judge(cfg, signers, floors, now);
        List<String> lines = new ArrayList<>();
        for (SourceState s : v.failedSources()) {
            if (s.failure().reason().equals("invalid")) {
                s.failure().message().lines().forEach(l -> lines.add(l + " (approvals-source-error: invalid)"));
            } else {
                lines.add(s.location() + ": " + s.error());
            }
        }
        if (!lines.isEmpty()) {
            throw new LoadException(lines);
        }
        return v;
    }

    public static ApprovalsVerifier verifier(Config cfg, AllowedSigners signers) {
        int required = cfg.signoff() == null ? 1 : cfg.signoff().approvalsRequired();
        return new ApprovalsVerifier(
                signers, new ApprovalsVerifier.Policy(required, cfg.approvals().maxValidity()));
    }
}
