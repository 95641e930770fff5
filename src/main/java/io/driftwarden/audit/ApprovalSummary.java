package io.driftwarden.audit;

import io.driftwarden.approval.RecordVerdicts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's {@code approvals} block: record ids by state and by flag, each list sorted; {@code unusedSince}
 * says since when each unused record has been unused (known once history exists); {@code verdicts} what the
 * approvals sources made of every record (refused and withdrawn ones too).
 */
public record ApprovalSummary(
        List<String> active,
        List<String> expired,
        List<String> notYetValid,
        List<String> expiring,
        List<String> openEnded,
        List<String> inUse,
        List<String> unused,
        List<String> stale,
        List<String> overdue,
        List<String> unauthorised,
        Map<String, Instant> unusedSince,
        RecordVerdicts verdicts) {
    public ApprovalSummary {
        unusedSince = new TreeMap<>(unusedSince);
        verdicts = verdicts == null ? RecordVerdicts.NONE : verdicts;
    }

    public ApprovalSummary(
            List<String> active,
            List<String> expired,
            List<String> notYetValid,
            List<String> expiring,
            List<String> openEnded,
            List<String> inUse,
            List<String> unused,
            List<String> stale,
            List<String> overdue,
            List<String> unauthorised) {
        this(
                active,
                expired,
                notYetValid,
                expiring,
                openEnded,
                inUse,
                unused,
                stale,
                overdue,
                unauthorised,
                Map.of(),
                RecordVerdicts.NONE);
    }

    /** This summary with other record verdicts (a flag learnt after the run was judged). */
    public ApprovalSummary withVerdicts(RecordVerdicts v) {
        return new ApprovalSummary(
                active,
                expired,
                notYetValid,
                expiring,
                openEnded,
                inUse,
                unused,
                stale,
                overdue,
                unauthorised,
                unusedSince,
                v);
    }

    /** What history remembers of a record: when a drift last named it, and since when it has been unused. */
    public record Mark(Instant lastInUseAt, Instant unusedSince) {}

    /** The marks after this run (records without flags this run keep theirs: their hosts were not audited). */
    public Map<String, Mark> advance(Map<String, Mark> before, Instant now) {
        Map<String, Mark> out = new TreeMap<>(before);
        inUse.forEach(id -> out.put(id, new Mark(now, null)));
        for (String id : unused) {
            Mark m = before.get(id);
            out.put(
                    id,
                    new Mark(
                            m == null ? null : m.lastInUseAt(),
                            m == null || m.unusedSince() == null ? now : m.unusedSince()));
        }
        return out;
    }

    /** This summary with {@code unused since} and {@code stale} (unused for staleAfter after having been in use). */
    public ApprovalSummary withHistory(Map<String, Mark> marks, Instant now, Duration staleAfter) {
        Map<String, Instant> since = new TreeMap<>();
        List<String> staleIds = new ArrayList<>();
        for (String id : unused) {
            Mark m = marks.get(id);
            if (m == null || m.unusedSince() == null) {
                continue;
            }
            since.put(id, m.unusedSince());
            if (m.lastInUseAt() != null && !m.unusedSince().plus(staleAfter).isAfter(now)) {
                staleIds.add(id);
            }
        }
        return new ApprovalSummary(
                active,
                expired,
                notYetValid,
                expiring,
                openEnded,
                inUse,
                unused,
                List.copyOf(staleIds),
                overdue,
                unauthorised,
                since,
                verdicts);
    }
}
