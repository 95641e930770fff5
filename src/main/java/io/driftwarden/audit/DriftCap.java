package io.driftwarden.audit;

import io.driftwarden.standard.ResourceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one host may put in a report: at most {@link #PER_PROPERTY} drifts of one resource's property and
 * {@link #PER_HOST} in all; the rest are counted, not carried. A host with 100,000 unmanaged entries in an
 * exclusive directory would otherwise fill the heap and the reports of every other host with one story; the true
 * count still reaches the summary, the exit code, the metrics and the JSON report ({@link Elided}).
 */
public final class DriftCap {
    public static final int PER_PROPERTY = 50;
    public static final int PER_HOST = 1000;

    private DriftCap() {}

    /**
     * Drifts of one resource's property (of one classification) beyond the cap: {@code count} of them, and the change
     * records that approved any, so a record used only by elided drifts still counts as used.
     */
    public record Elided(ResourceId resource, String property, boolean approved, long count, List<String> approvals) {
        public Elided {
            approvals = List.copyOf(approvals);
        }
    }

    /** The drifts kept, in their order, and what was left out. */
    public record Capped(List<ClassifiedDrift> kept, List<Elided> elided) {}

    public static Capped cap(List<ClassifiedDrift> drifts) {
        if (drifts.size() <= PER_PROPERTY) {
            return new Capped(drifts, List.of());
        }
        Map<String, Integer> perProperty = new LinkedHashMap<>();
        Map<String, Tally> left = new LinkedHashMap<>();
        List<ClassifiedDrift> kept = new ArrayList<>();
        for (ClassifiedDrift d : drifts) {
            String key = d.drift().resource().toString() + "\0" + d.drift().property();
            int n = perProperty.merge(key, 1, Integer::sum);
            if (n <= PER_PROPERTY && kept.size() < PER_HOST) {
                kept.add(d);
            } else {
                boolean approved = d.classification().approved();
                left.computeIfAbsent(
                                key + "\0" + approved,
                                k -> new Tally(d.drift().resource(), d.drift().property(), approved))
                        .add(d);
            }
        }
        return new Capped(
                List.copyOf(kept), left.values().stream().map(Tally::elided).toList());
    }

    private static final class Tally {
        private final ResourceId resource;
        private final String property;
        private final boolean approved;
        private final TreeSet<String> approvals = new TreeSet<>();
        private long count;

        Tally(ResourceId resource, String property, boolean approved) {
            this.resource = resource;
            this.property = property;
            this.approved = approved;
        }

        void add(ClassifiedDrift d) {
            count++;
            if (d.classification().approval() != null) {
                approvals.add(d.classification().approval());
            }
            approvals.addAll(d.classification().alsoApprovedBy());
        }

        Elided elided() {
            return new Elided(resource, property, approved, count, List.copyOf(approvals));
        }
    }
}
