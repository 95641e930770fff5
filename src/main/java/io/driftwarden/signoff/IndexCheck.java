package io.driftwarden.signoff;

import io.driftwarden.approval.ApprovalFiles;
import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.IndexFloor;
import io.driftwarden.approval.IndexState;
import io.driftwarden.standard.ResourceParser;
import io.driftwarden.yaml.Problems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure: judges one source's {@code INDEX} against the store's floor. Signed by at least one approver key; a lower
 * serial (or the same serial, another digest) is a {@code rollback}; it must still list every tombstone the floor's
 * index listed (tombstones are kept forever); once a floor exists the index may not go missing. A source without
 * an index and without a floor has none (reported, not an error: the first index sets the floor).
 */
final class IndexCheck {
    /** The verdict: {@code failure} reason and message, or the index ({@code state} null: none) and what it lists. */
    record Result(String reason, String message, IndexState state, Map<String, String> listed, Set<String> tombstones) {
        boolean failed() {
            return reason != null;
        }

        /** Failed; the floor's tombstones still withdraw (kept forever, whatever this index says). */
        static Result fail(String reason, String message, Set<String> floorTombstones) {
            return new Result(reason, message, null, Map.of(), floorTombstones);
        }
    }

    private IndexCheck() {}

    static Result judge(ApprovalsSource s, IndexFloor floor, ApproverSignatures approvers, Instant now) {
        Set<String> floorTombstones =
                floor == null ? Set.of() : tombstones(floorIndex(floor).files());
        Optional<byte[]> bytes = s.get(ApprovalsIndex.FILE);
        if (bytes.isEmpty()) {
            if (floor != null) {
                return Result.fail(
                        "index-missing",
                        s.shown(ApprovalsIndex.FILE) + ": missing, and the store has seen serial " + floor.serial()
                                + " of this source's index (run `driftwarden approvals index` and have an approver"
                                + " sign it)",
                        floorTombstones);
            }
            return new Result(null, null, null, Map.of(), floorTombstones);
        }
        Problems problems = new Problems();
        Optional<ApprovalsIndex> parsed = ApprovalsIndex.parse(s.shown(ApprovalsIndex.FILE), bytes.get(), problems);
        if (parsed.isEmpty()) {
            return Result.fail("index-invalid", String.join("; ", problems.lines()), floorTombstones);
        }
        ApprovalsIndex index = parsed.get();
        String digest = "sha256:" + ResourceParser.sha256(bytes.get());
        ApproverSignatures.Counted signed = approvers.count(s, ApprovalsIndex.FILE, bytes.get(), null, now);
        if (signed.principals().isEmpty()) {
            return Result.fail(
                    "index-unsigned",
                    s.shown(ApprovalsIndex.FILE) + ": no approver signature counts ("
                            + (signed.problems().isEmpty() ? "none found" : String.join("; ", signed.problems()))
                            + ")",
                    floorTombstones);
        }
        String fork = null;
        if (floor != null) {
            RollbackRule.Decision d = RollbackRule.judge(
                    new Accepted(floor.serial(), floor.digest()),
                    index.serial(),
                    index.previous(),
                    digest,
                    "INDEX",
                    "INDEX");
            if (!d.accepted()) {
                return Result.fail("rollback", s.shown(ApprovalsIndex.FILE) + ": " + d.refusal(), floorTombstones);
            }
            fork = d.fork();
            Set<String> dropped = new TreeSet<>(floorTombstones);
            dropped.removeAll(index.files().keySet());
            if (!dropped.isEmpty()) {
                return Result.fail(
                        "index-invalid",
                        s.shown(ApprovalsIndex.FILE) + ": drops the tombstones " + dropped + " that serial "
                                + floor.serial() + " listed (tombstones are kept forever)",
                        floorTombstones);
            }
        }
        List<String> pruned = new ArrayList<>();
        index.files().keySet().stream().filter(f -> !s.files().containsKey(f)).forEach(pruned::add);
        Set<String> tombstones = new TreeSet<>(tombstones(index.files()));
        tombstones.addAll(floorTombstones);
        IndexState state = new IndexState(
                index.serial(),
                digest,
                signed.principals(),
                floor == null ? null : floor.serial(),
                fork,
                pruned,
                new IndexFloor(s.name(), index.serial(), digest, bytes.get()));
        return new Result(null, null, state, index.files(), tombstones);
    }

    /** The floor's own index: kept bytes that were verified when kept; unreadable only if the store was edited. */
    private static ApprovalsIndex floorIndex(IndexFloor floor) {
        return ApprovalsIndex.parse("store: approvals index " + floor.serial(), floor.index(), new Problems())
                .orElseThrow(() -> new IllegalStateException("store: the kept approvals index serial " + floor.serial()
                        + " of " + floor.source() + " does not parse"));
    }

    private static Set<String> tombstones(Map<String, String> files) {
        Set<String> out = new TreeSet<>();
        files.keySet().stream()
                .filter(f -> ApprovalFiles.kind(f) == ApprovalFiles.Kind.TOMBSTONE)
                .forEach(out::add);
        return out;
    }
}
