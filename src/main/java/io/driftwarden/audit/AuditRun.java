package io.driftwarden.audit;

import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.approval.Classification;
import io.driftwarden.approval.Classifier;
import io.driftwarden.approval.RecordFlags;
import io.driftwarden.approval.RecordState;
import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.collect.FailureKind;
import io.driftwarden.collect.HostObservation;
import io.driftwarden.collect.HostTransport;
import io.driftwarden.collect.Observation;
import io.driftwarden.collect.ObservationRequest;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.diff.Drift;
import io.driftwarden.diff.HostDiff;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Standard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One noop run: every host observed in parallel (bounded), diffed, classified at one instant, summarised.
 * A host's failure is a value in its result; nothing here changes a host.
 */
public final class AuditRun {
    /** What a run needs; the composition root (CLI, daemon) builds it. */
    public record Inputs(
            String instance,
            List<Standard> standards,
            List<ChangeRecord> records,
            List<Host> hosts,
            Map<Transport, HostTransport> transports,
            DiffEngine engine,
            StandardInfo standard,
            RecordVerdicts verdicts,
            Duration expiringWithin,
            int concurrency,
            Duration hostTimeout,
            Duration runDeadline) {
        /** Without a run deadline (the one-shot CLI run). */
        public Inputs(
                String instance,
                List<Standard> standards,
                List<ChangeRecord> records,
                List<Host> hosts,
                Map<Transport, HostTransport> transports,
                DiffEngine engine,
                StandardInfo standard,
                RecordVerdicts verdicts,
                Duration expiringWithin,
                int concurrency,
                Duration hostTimeout) {
            this(
                    instance,
                    standards,
                    records,
                    hosts,
                    transports,
                    engine,
                    standard,
                    verdicts,
                    expiringWithin,
                    concurrency,
                    hostTimeout,
                    null);
        }
    }

    private final Inputs in;
    private final Clock clock;

    public AuditRun(Inputs in, Clock clock) {
        this.in = in;
        this.clock = clock;
    }

    /**
     * @param subset which inventory hosts to audit ({@code --hosts}); the others are left out entirely
     * @param at     the classification instant for a preview ({@code --at}), else null for the start time
     */
    public Findings run(Predicate<String> subset, Instant at, String runId) {
        Instant started = clock.instant();
        Instant now = at != null ? at : started;
        List<HostResult> results = observe(subset, now, started);
        return new Findings(
                in.instance(),
                runId,
                started,
                clock.instant(),
                now,
                at != null,
                in.standard(),
                results,
                summarise(results, now));
    }

    /**
     * A cluster's run, put together from the results its nodes observed (each judged at the run's one instant {@code
     * judgedAt}): the approvals summarised over all of them, as one node's run would.
     */
    public Findings assemble(List<HostResult> results, String runId, Instant started, Instant judgedAt) {
        return new Findings(
                in.instance(),
                runId,
                started,
                clock.instant(),
                judgedAt,
                false,
                in.standard(),
                results,
                summarise(results, judgedAt));
    }

    /**
     * Observes and judges the subset's hosts in parallel (bounded), classified at {@code now}, their drifts first seen
     * at {@code started}; in inventory order. One node's run calls it for every host, a cluster's node for a shard.
     */
    public List<HostResult> observe(Predicate<String> subset, Instant now, Instant started) {
        Classifier classifier = new Classifier(in.records());
        List<Host> hosts =
                in.hosts().stream().filter(h -> subset.test(h.name())).toList();
        List<HostResult> results = new ArrayList<>();
        ExecutorService pool =
                Executors.newFixedThreadPool(Math.max(1, Math.min(in.concurrency(), Math.max(1, hosts.size()))));
        try {
            List<Future<HostResult>> futures = new ArrayList<>();
            long[] startedAt = new long[hosts.size()];
            long runStart = System.nanoTime();
            for (int i = 0; i < hosts.size(); i++) {
                Host h = hosts.get(i);
                int slot = i;
                futures.add(pool.submit(() -> {
                    synchronized (startedAt) {
                        startedAt[slot] = System.nanoTime();
                    }
                    if (in.runDeadline() != null
                            && System.nanoTime() - runStart > in.runDeadline().toNanos()) {
                        return HostResult.failed(
                                h,
                                List.of(),
                                new HostError(
                                        FailureKind.SKIPPED,
                                        "not started before schedule.run_deadline ("
                                                + in.runDeadline().toMinutes() + "m)"));
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        return HostResult.failed(h, List.of(), new HostError(FailureKind.SKIPPED, "run aborted"));
                    }
                    return auditHost(h, classifier, now, started);
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                results.add(await(hosts.get(i), futures.get(i), startedAt, i));
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    /**
     * Waits for one host until its own start plus the host timeout (plus a grace period: transports enforce
     * their deadline themselves; this one catches a transport that cannot, such as a hung mount). A host
     * still queued behind the concurrency bound has not started, so its clock has not started either.
     */
    private HostResult await(Host h, Future<HostResult> f, long[] startedAt, int slot) {
        long budget = in.hostTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5);
        try {
            while (true) {
                long start;
                synchronized (startedAt) {
                    start = startedAt[slot];
                }
                long wait = start == 0 ? TimeUnit.MILLISECONDS.toNanos(200) : start + budget - System.nanoTime();
                try {
                    return f.get(Math.max(wait, 1), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (start != 0 && System.nanoTime() - start >= budget) {
                        f.cancel(true);
                        return HostResult.failed(
                                h,
                                List.of(),
                                new HostError(
                                        FailureKind.TIMEOUT,
                                        "no answer within " + in.hostTimeout().toSeconds() + "s"));
                    }
                }
            }
        } catch (ExecutionException e) {
            return HostResult.failed(h, List.of(), new HostError(FailureKind.PROBE, "internal error: " + e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HostResult.failed(h, List.of(), new HostError(FailureKind.SKIPPED, "run interrupted"));
        }
    }

    HostResult auditHost(Host host, Classifier classifier, Instant now, Instant started) {
        HostPlan.Resolution res = HostPlan.resolve(in.standards(), host.target());
        List<String> standards = res.plan().standards();
        Optional<HostPlan.Failure> failure = res.failure();
        if (failure.isPresent()) {
            return HostResult.failed(
                    host,
                    standards,
                    new HostError(
                            FailureKind.of(failure.get().kind()), failure.get().message()));
        }
        if (standards.isEmpty()) {
            return new HostResult(host, HostStatus.UNCOVERED, null, null, standards, List.of(), List.of());
        }
        HostPlan plan = res.plan().at(now); // normalizers judged at the run's instant
        ObservationRequest request = RequestPlanner.plan(plan, in.engine());
        HostTransport transport = in.transports().get(host.transport());
        if (transport == null) {
            return HostResult.failed(
                    host,
                    standards,
                    new HostError(
                            FailureKind.UNSUPPORTED,
                            "transport " + host.transport().label() + " is not available in this version"));
        }
        HostObservation seen = transport.observe(host, request);
        if (seen instanceof HostObservation.Failed f) {
            return HostResult.failed(host, standards, new HostError(f.kind(), f.message()));
        }
        Observation o = ((HostObservation.Observed) seen).observation();
        if (o.packages().values().stream().anyMatch(p -> "unsupported".equals(p.error()))) {
            return HostResult.failed(
                    host,
                    standards,
                    new HostError(
                            FailureKind.UNSUPPORTED,
                            "no dpkg on this host: only Debian-family hosts are supported in v1"));
        }
        HostDiff diff = in.engine().diff(host, plan, o);
        List<ClassifiedDrift> drifts = new ArrayList<>();
        for (Drift d : diff.drifts()) {
            Classification c = classifier.classify(
                    host.name(), host.groups(), d.resource(), d.property(), d.actual(), d.shownActual(), now);
            drifts.add(new ClassifiedDrift(d, c, started, null));
        }
        DriftCap.Capped capped = DriftCap.cap(drifts);
        return new HostResult(
                host,
                status(drifts, diff),
                o.identity(),
                null,
                standards,
                capped.kept(),
                diff.notChecked(),
                res.plan().overrides(),
                capped.elided());
    }

    private static HostStatus status(List<ClassifiedDrift> drifts, HostDiff diff) {
        if (drifts.stream().anyMatch(d -> !d.classification().approved())) {
            return HostStatus.UNAPPROVED_DRIFT;
        }
        if (diff.notChecked().stream().anyMatch(n -> !n.byNature())) {
            return HostStatus.INCOMPLETE;
        }
        return drifts.isEmpty() ? HostStatus.COMPLIANT : HostStatus.APPROVED_DRIFT;
    }

    private ApprovalSummary summarise(List<HostResult> results, Instant now) {
        List<RecordFlags.HostSeen> seen = results.stream()
                .map(r -> new RecordFlags.HostSeen(r.host().name(), r.host().groups(), r.auditedOk()))
                .toList();
        List<RecordFlags.Naming> namings = new ArrayList<>();
        for (HostResult r : results) {
            for (ClassifiedDrift d : r.drifts()) {
                Classification c = d.classification();
                if (c.approval() != null) {
                    namings.add(new RecordFlags.Naming(c.approval(), c.reason()));
                }
                c.alsoApprovedBy().forEach(id -> namings.add(new RecordFlags.Naming(id, null)));
            }
            for (DriftCap.Elided e : r.elided()) {
                e.approvals().forEach(id -> namings.add(new RecordFlags.Naming(id, null)));
            }
        }
        Map<String, RecordFlags.Flags> flags =
                RecordFlags.compute(in.records(), seen, namings, now, in.expiringWithin());
        return new ApprovalSummary(
                state(RecordState.ACTIVE, now),
                state(RecordState.EXPIRED, now),
                state(RecordState.NOT_YET_VALID, now),
                flagged(flags, RecordFlags.Flags::expiring),
                flagged(flags, RecordFlags.Flags::openEnded),
                flagged(flags, RecordFlags.Flags::inUse),
                flagged(flags, RecordFlags.Flags::unused),
                List.of(),
                flagged(flags, RecordFlags.Flags::overdue),
                in.verdicts().unauthorised(),
                Map.of(),
                in.verdicts());
    }

    private List<String> state(RecordState s, Instant now) {
        return in.records().stream()
                .filter(r -> r.state(now) == s)
                .map(ChangeRecord::id)
                .sorted(ResourceId.Utf8Order::compare)
                .toList();
    }

    private static List<String> flagged(Map<String, RecordFlags.Flags> flags, Predicate<RecordFlags.Flags> p) {
        return flags.entrySet().stream()
                .filter(e -> p.test(e.getValue()))
                .map(Map.Entry::getKey)
                .sorted(ResourceId.Utf8Order::compare)
                .toList();
    }
}
