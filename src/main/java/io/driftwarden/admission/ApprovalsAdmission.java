package io.driftwarden.admission;

import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.Breadth;
import io.driftwarden.approval.IndexFloor;
import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.approval.SourceState;
import io.driftwarden.bundle.ApprovalsReader;
import io.driftwarden.config.Config;
import io.driftwarden.gitsource.GitStandards;
import io.driftwarden.inventory.Inventory;
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
        if (cfg.approvalsGit() != null) {
            out.add(fetched(cfg.approvalsGit()));
        } else if (cfg.approvalsDir() != null) {
            out.add(ApprovalsReader.dir(cfg.approvalsDir()));
        }
        return out;
    }

    /**
     * The verdicts alone, for read-only commands: {@code signers} null is the unsigned mode (records taken as
     * written, still parsed, duplicates still refused); {@code floors} the index floors the store keeps.
     */
    public static RecordVerdicts judge(
            Config cfg,
            AllowedSigners signers,
            Map<String, IndexFloor> floors,
            java.util.Set<String> selfApproved,
            Inventory inventory,
            Instant now) {
        return verifier(cfg, signers, inventory, selfApproved).verify(sources(cfg), floors, now);
    }

    /**
     * {@code approvals_dir: {git: ...}}: the tree fetched for this run (git is transport; the signatures decide). A
     * remote that cannot be reached falls back to the last fetched commit (a note says so); with none fetched yet
     * the source is unreadable, never empty.
     */
    private static ApprovalsSource fetched(Config.GitSource git) {
        GitStandards.Fetched f;
        try {
            f = GitStandards.fetch(git);
        } catch (LoadException e) {
            return ApprovalsSource.failed(
                    ApprovalsSource.APPROVALS_DIR, git.url(), "unreadable", String.join("; ", e.problems()));
        }
        ApprovalsSource s = ApprovalsReader.dir(f.tree());
        if (f.warning() == null || s.failed()) {
            return s;
        }
        List<String> notes = new ArrayList<>(s.notes());
        notes.add(f.warning());
        return ApprovalsSource.read(s.name(), s.location(), s.files(), notes);
    }

    /** The verdicts, and the sources read this run that were usable: what the store keeps as their last good copy. */
    public record Admission(RecordVerdicts verdicts, List<ApprovalsSource> good) {}

    /**
     * The verdicts for a run that judges hosts once ({@code audit}, {@code revert}, {@code adopt}): a source that
     * could not be used stops it (exit 1), one line per problem, so that it never quietly approves less (or more)
     * than it should.
     */
    public static Admission admit(
            Config cfg, AllowedSigners signers, AcceptedRevisions store, Inventory inventory, Instant now) {
        List<ApprovalsSource> sources = sources(cfg);
        RecordVerdicts v =
                verifier(cfg, signers, inventory, store.selfApproved()).verify(sources, store.indexFloors(), now);
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
        return new Admission(v, sources);
    }

    /**
     * The daemon's: a source that could not be used is replaced by its last good copy in the store, judged again
     * with today's keys, clock and floors, plus the tombstones still readable from the failed source: the failure
     * is loud (the source's state says it, for the report, metric, log and mail) and withdraws nothing. With no
     * copy kept, that source contributes no record (and the report says the store remembers none).
     */
    public static Admission admitOrLastGood(
            Config cfg, AllowedSigners signers, AcceptedRevisions store, Inventory inventory, Instant now) {
        List<ApprovalsSource> read = sources(cfg);
        Map<String, IndexFloor> floors = store.indexFloors();
        ApprovalsVerifier verifier = verifier(cfg, signers, inventory, store.selfApproved());
        RecordVerdicts first = verifier.verify(read, floors, now);
        List<SourceState> failed = first.failedSources();
        if (failed.isEmpty()) {
            return new Admission(first, read);
        }
        List<ApprovalsSource> used = new ArrayList<>();
        List<ApprovalsSource> good = new ArrayList<>();
        Map<String, String> replaced = new java.util.TreeMap<>();
        for (ApprovalsSource s : read) {
            SourceState state = first.sources().stream()
                    .filter(x -> x.name().equals(s.name()))
                    .findFirst()
                    .orElseThrow();
            if (!state.failed()) {
                used.add(s);
                good.add(s);
                continue;
            }
            var kept = store.lastGood(s.name());
            if (kept.isPresent()) {
                used.add(kept.get().withTombstonesOf(s));
                replaced.put(
                        s.name(),
                        "records from the last good copy the store kept, "
                                + kept.get().location());
            } else {
                replaced.put(s.name(), "the store keeps no good copy of this source: none of its records is used");
            }
        }
        RecordVerdicts second = verifier.verify(used, floors, now);
        List<SourceState> states = new ArrayList<>();
        for (SourceState f : first.sources()) {
            if (!f.failed()) {
                states.add(second.sources().stream()
                        .filter(x -> x.name().equals(f.name()))
                        .findFirst()
                        .orElse(f));
            } else {
                List<String> notes = new ArrayList<>(f.notes());
                notes.add(replaced.get(f.name()));
                second.sources().stream()
                        .filter(x -> x.name().equals(f.name()) && x.failed())
                        .forEach(x -> notes.add("the kept copy failed too: " + x.error()));
                states.add(new SourceState(f.name(), f.location(), f.failure(), notes, null));
            }
        }
        return new Admission(
                new RecordVerdicts(
                        second.verdicts(), states, second.signed(), second.tombstoned(), second.remembered()),
                good);
    }

    /** The verifier with the configured rules, judging breadth on the whole {@code inventory}. */
    public static ApprovalsVerifier verifier(
            Config cfg, AllowedSigners signers, Inventory inventory, java.util.Set<String> selfApproved) {
        Config.Signoff so = cfg.signoff();
        ApprovalsVerifier.Policy policy = so == null
                ? new ApprovalsVerifier.Policy(1, cfg.approvals().maxValidity())
                : new ApprovalsVerifier.Policy(
                        so.approvalsRequired(),
                        so.broadApprovalsRequired(),
                        cfg.approvals().maxValidity(),
                        breadth(cfg),
                        so.refuseProtected(),
                        reach(inventory),
                        so.refuseSelfApproved() ? selfApproved : java.util.Set.of());
        return new ApprovalsVerifier(signers, policy);
    }

    /** What makes a record broad under these settings (nothing, without a signoff section). */
    public static Breadth.Policy breadth(Config cfg) {
        Config.Signoff so = cfg.signoff();
        return so == null
                ? new Breadth.Policy(Integer.MAX_VALUE, List.of())
                : new Breadth.Policy(
                        so.broadHosts(),
                        so.protectedResources().stream()
                                .map(p -> Breadth.Protected.parse(p).orElseThrow())
                                .toList());
    }

    /** The inventory as a record's {@code applies_to} sees it. */
    public static List<Breadth.Reach> reach(Inventory inventory) {
        return inventory.hosts().stream()
                .map(h -> new Breadth.Reach(h.name(), h.groups()))
                .toList();
    }
}
