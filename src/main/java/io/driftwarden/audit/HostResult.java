package io.driftwarden.audit;

import io.driftwarden.collect.HostIdentity;
import io.driftwarden.diff.NotChecked;
import io.driftwarden.inventory.Host;
import io.driftwarden.standard.HostPlan;
import java.util.List;

/**
 * One host's part of a run; {@code overrides} are the values a more specific standard replaced for this host;
 * {@code elided} the drifts beyond {@link DriftCap}, counted but not carried.
 */
public record HostResult(
        Host host,
        HostStatus status,
        HostIdentity observed,
        HostError error,
        List<String> standards,
        List<ClassifiedDrift> drifts,
        List<NotChecked> notChecked,
        List<HostPlan.Override> overrides,
        List<DriftCap.Elided> elided) {
    public HostResult {
        standards = List.copyOf(standards);
        drifts = List.copyOf(drifts);
        notChecked = List.copyOf(notChecked);
        overrides = List.copyOf(overrides);
        elided = List.copyOf(elided);
    }

    public HostResult(
            Host host,
            HostStatus status,
            HostIdentity observed,
            HostError error,
            List<String> standards,
            List<ClassifiedDrift> drifts,
            List<NotChecked> notChecked,
            List<HostPlan.Override> overrides) {
        this(host, status, observed, error, standards, drifts, notChecked, overrides, List.of());
    }

    public HostResult(
            Host host,
            HostStatus status,
            HostIdentity observed,
            HostError error,
            List<String> standards,
            List<ClassifiedDrift> drifts,
            List<NotChecked> notChecked) {
        this(host, status, observed, error, standards, drifts, notChecked, List.of());
    }

    /** The same host result with each drift replaced by {@code f} of it (history fields, actors, trimmed diffs). */
    public HostResult mapDrifts(java.util.function.UnaryOperator<ClassifiedDrift> f) {
        return new HostResult(
                host,
                status,
                observed,
                error,
                standards,
                drifts.stream().map(f).toList(),
                notChecked,
                overrides,
                elided);
    }

    public static HostResult failed(Host host, List<String> standards, HostError error) {
        return new HostResult(host, HostStatus.FAILED, null, error, standards, List.of(), List.of());
    }

    /** Audited far enough to judge its declared properties (drift found or not). */
    public boolean auditedOk() {
        return status != HostStatus.FAILED && status != HostStatus.UNCOVERED;
    }

    /** Not fully audited: failed, uncovered, or a property not checked for a reason other than the transport's nature. */
    public boolean incompletelyAudited() {
        return !auditedOk() || notChecked.stream().anyMatch(n -> !n.byNature());
    }

    /** Every drift of that kind, the elided ones included. */
    public long count(boolean approved) {
        return drifts.stream()
                        .filter(d -> d.classification().approved() == approved)
                        .count()
                + elided.stream()
                        .filter(e -> e.approved() == approved)
                        .mapToLong(DriftCap.Elided::count)
                        .sum();
    }

    /** How many drifts the report does not carry one by one. */
    public long elidedCount() {
        return elided.stream().mapToLong(DriftCap.Elided::count).sum();
    }
}
