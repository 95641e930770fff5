package io.driftwarden.approval;

import java.util.Comparator;
import java.util.List;

/**
 * Every record's verdict this run, sorted by id, how each approvals source fared, and whether records were
 * checked at all ({@code signed} false: the insecure unsigned mode took them as written); {@code tombstoned} every
 * id (lower-cased) a tombstone withdrew, present or not; {@code remembered} whether the store held any approvals
 * index floor (a fresh store cannot tell a consistently rolled-back source). What may approve is {@link #effective()};
 * nothing else.
 */
public record RecordVerdicts(
        List<RecordVerdict> verdicts,
        List<SourceState> sources,
        boolean signed,
        java.util.Set<String> tombstoned,
        boolean remembered) {
    public static final RecordVerdicts NONE = new RecordVerdicts(List.of(), List.of(), true, java.util.Set.of(), true);

    /** {@code approvals-memory}: {@code kept} when the store holds an index floor, {@code none} when it remembers nothing. */
    public String memory() {
        return remembered ? "kept" : "none";
    }

    public RecordVerdicts {
        sources = List.copyOf(sources);
        tombstoned = java.util.Set.copyOf(tombstoned);
        verdicts = verdicts.stream()
                .sorted(Comparator.comparing(RecordVerdict::id, io.driftwarden.standard.ResourceId.Utf8Order::compare)
                        .thenComparing(RecordVerdict::source))
                .toList();
    }

    /** The records allowed to approve. */
    public List<ChangeRecord> effective() {
        return verdicts.stream()
                .filter(RecordVerdict::effective)
                .map(RecordVerdict::record)
                .toList();
    }

    /** Ids refused for want of counted approver signatures (the spec's {@code unauthorised}). */
    public List<String> unauthorised() {
        return ids(v -> v.status() == RecordVerdict.Status.REFUSED
                && (RecordVerdict.UNAUTHORISED.equals(v.reason())
                        || RecordVerdict.OUTSIDE_KEY_VALIDITY.equals(v.reason())));
    }

    public List<RecordVerdict> refused() {
        return verdicts.stream()
                .filter(v -> v.status() == RecordVerdict.Status.REFUSED)
                .toList();
    }

    public List<String> withdrawn() {
        return ids(v -> v.status() == RecordVerdict.Status.WITHDRAWN);
    }

    /** The index floors the store raises once the run is recorded: each usable source's signed index. */
    public List<IndexFloor> floorsToKeep() {
        return sources.stream()
                .filter(s -> !s.failed() && s.index() != null)
                .map(s -> s.index().keep())
                .toList();
    }

    /** The sources that could not be used this run. */
    public List<SourceState> failedSources() {
        return sources.stream().filter(SourceState::failed).toList();
    }

    /** These verdicts with {@code flag} on the records {@code ids} (a flag learnt after admission, such as self-approved). */
    public RecordVerdicts withFlag(java.util.Set<String> ids, String flag) {
        return new RecordVerdicts(
                verdicts.stream()
                        .map(v -> ids.contains(v.id()) ? v.withFlag(flag) : v)
                        .toList(),
                sources,
                signed,
                tombstoned,
                remembered);
    }

    public List<String> flagged(String flag) {
        return ids(v -> v.flags().contains(flag));
    }

    private List<String> ids(java.util.function.Predicate<RecordVerdict> p) {
        return verdicts.stream().filter(p).map(RecordVerdict::id).distinct().toList();
    }
}
