package io.driftwarden.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure: every change of what is approved between the state the store kept and this run's verdicts, as events the
 * board hears about once: a record newly {@code effective}, {@code changed} (another sha256, still effective),
 * {@code refused} (newly, or for another reason), {@code withdrawn}, or {@code removed} (gone without a tombstone).
 */
public final class ApprovalChanges {
    public static final String EFFECTIVE = "effective";
    public static final String CHANGED = "changed";
    public static final String REFUSED = "refused";
    public static final String WITHDRAWN = "withdrawn";
    public static final String REMOVED = "removed";

    /** What the store keeps of a record between runs: its file's sha256, its status and refusal reason. */
    public record State(String sha256, String status, String reason) {}

    /** One change, with what the board needs to judge it: who signed, the hosts it reaches today. */
    public record Change(
            String id,
            String event,
            String sha256,
            String source,
            String reason,
            String problem,
            List<RecordVerdict.Signer> signers,
            List<String> hosts) {
        public Change {
            signers = List.copyOf(signers);
            hosts = List.copyOf(hosts);
        }
    }

    private ApprovalChanges() {}

    /** The states this run leaves: every record present, and records that were known and are now tombstoned. */
    public static Map<String, State> states(Map<String, State> before, RecordVerdicts now) {
        Map<String, State> out = new TreeMap<>();
        for (RecordVerdict v : now.verdicts()) {
            out.put(v.id(), new State(v.sha256(), v.status().label(), v.reason()));
        }
        boolean sourceFailed = !now.failedSources().isEmpty();
        for (var e : before.entrySet()) {
            if (out.containsKey(e.getKey())) {
                continue;
            }
            if (now.tombstoned().contains(e.getKey().toLowerCase(Locale.ROOT))) {
                out.put(e.getKey(), new State(e.getValue().sha256(), RecordVerdict.Status.WITHDRAWN.label(), null));
            } else if (sourceFailed) {
                out.put(e.getKey(), e.getValue()); // a source that cannot be read removes nothing: kept as it was
            }
        }
        return out;
    }

    /**
     * The events from {@code before} to {@code after} (what {@link #states} made of {@code now}), in id order;
     * {@code inventory} tells the hosts a record reaches today.
     */
    public static List<Change> between(
            Map<String, State> before, Map<String, State> after, RecordVerdicts now, List<Breadth.Reach> inventory) {
        Map<String, RecordVerdict> verdicts = new TreeMap<>();
        now.verdicts().forEach(v -> verdicts.putIfAbsent(v.id(), v));
        List<Change> out = new ArrayList<>();
        for (var e : after.entrySet()) {
            State was = before.get(e.getKey());
            State is = e.getValue();
            String event = event(was, is);
            if (event != null) {
                out.add(change(e.getKey(), event, is, verdicts.get(e.getKey()), inventory));
            }
        }
        for (var e : before.entrySet()) {
            boolean gone = !after.containsKey(e.getKey());
            if (gone && !e.getValue().status().equals(RecordVerdict.Status.WITHDRAWN.label())) {
                out.add(new Change(
                        e.getKey(),
                        REMOVED,
                        e.getValue().sha256(),
                        null,
                        null,
                        "its file is gone from every approvals source, with no tombstone",
                        List.of(),
                        List.of()));
            }
        }
        out.sort(java.util.Comparator.comparing(Change::id, io.driftwarden.standard.ResourceId.Utf8Order::compare));
        return out;
    }

    private static String event(State was, State is) {
        String status = is.status();
        if (was != null && was.equals(is)) {
            return null;
        }
        if (status.equals(RecordVerdict.Status.WITHDRAWN.label())) {
            return was != null && was.status().equals(status) ? null : WITHDRAWN;
        }
        if (status.equals(RecordVerdict.Status.REFUSED.label())) {
            return REFUSED; // newly refused, for another reason, or another file refused again
        }
        if (was == null || !was.status().equals(status)) {
            return EFFECTIVE;
        }
        return CHANGED; // effective before and now, another sha256
    }

    private static Change change(String id, String event, State is, RecordVerdict v, List<Breadth.Reach> inventory) {
        if (v == null) { // tombstoned and its file gone
            return new Change(id, event, is.sha256(), null, null, "withdrawn by a tombstone", List.of(), List.of());
        }
        List<String> hosts = v.record() == null ? List.of() : Breadth.hostsReached(v.record(), inventory);
        return new Change(id, event, v.sha256(), v.source(), v.reason(), v.problem(), v.signers(), hosts);
    }
}
