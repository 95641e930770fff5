package io.driftwarden.run;

import io.driftwarden.admission.Admitted;
import io.driftwarden.audit.AuditRun;
import io.driftwarden.audit.Findings;
import io.driftwarden.audit.HostError;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.RunReport;
import io.driftwarden.cluster.ResultCodec;
import io.driftwarden.cluster.ShardPlan;
import io.driftwarden.cluster.SharedRuns;
import io.driftwarden.collect.FailureKind;
import io.driftwarden.config.Config;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.inventory.InventoryChange;
import io.driftwarden.inventory.InventoryDiff;
import io.driftwarden.run.ObserveStep.Observed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run shared by the nodes of a cluster, in the steps each node takes: <em>start</em> (the node Quartz fired opens the
 * run and its shards, once per scheduled time), <em>observe</em> (any node judges a shard it claimed, at the run's
 * one instant, against the run's revision of the standard), and <em>finalise</em> (once, by whichever node gets
 * there first: the results put together and recorded in the transaction that closes the run, then reported and
 * published as one node's run is). The shards' rows and locks are behind {@link SharedRuns}.
 */
public final class SharedPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(SharedPipeline.class);
    private final RunPipeline pipeline;
    private final Config cfg;
    private final RunStorage storage;
    private final Clock clock;
    private final SharedRuns shared;

    public SharedPipeline(RunPipeline pipeline, Config cfg, RunStorage storage, Clock clock, SharedRuns shared) {
        if (!cfg.schedule().clustered()) {
            throw new IllegalArgumentException("schedule.cluster is not set");
        }
        this.pipeline = pipeline;
        this.cfg = cfg;
        this.storage = storage;
        this.clock = clock;
        this.shared = shared;
    }

    public SharedRuns shared() {
        return shared;
    }

    /**
     * Opens the run scheduled for {@code scheduledFor}: the standard admitted (a refused bundle mailed, once, by this
     * node), the inventory's hosts in shards.
     *
     * @return the run's id, or empty when that time's run was opened already (by another node, or before a recovery)
     */
    public Optional<String> start(Instant scheduledFor) {
        Inventory inventory = Inventories.load(cfg);
        Admitted admitted = pipeline.admitScheduled(inventory, true);
        List<String> hosts = inventory.hosts().stream().map(Host::name).toList();
        String runId = RunPipeline.runId(scheduledFor);
        boolean opened = shared.open(
                runId,
                scheduledFor,
                cfg.schedule().runDeadline(),
                admitted.info().revision(),
                ShardPlan.of(hosts, cfg.schedule().cluster().shardSize()));
        if (!opened) {
            LOG.info("the run for {} was opened already", scheduledFor);
            return Optional.empty();
        }
        LOG.info(
                "run {} opened for {}: {} hosts in shards of {}",
                runId,
                scheduledFor,
                hosts.size(),
                cfg.schedule().cluster().shardSize());
        return Optional.of(runId);
    }

    /** What a node judges a run's shards with: the standard it admitted, which must be the run's revision. */
    public record Pinned(SharedRuns.OpenRun run, Admitted admitted, Inventory inventory) {}

    /**
     * This node's standard and inventory for {@code run}.
     *
     * @throws IllegalStateException when this node admits another revision than the one the run is judged against
     *     (its shards are left to nodes that have the run's)
     */
    public Pinned pin(SharedRuns.OpenRun run) {
        Inventory inventory = Inventories.load(cfg);
        Admitted admitted = pipeline.admitScheduled(inventory, false);
        if (!Objects.equals(admitted.info().revision(), run.revision())) {
            throw new IllegalStateException("run " + run.runId() + " is judged against revision " + run.revision()
                    + ", this node admits " + admitted.info().revision() + ": it claims none of its shards");
        }
        return new Pinned(run, admitted, inventory);
    }

    /** Observes and judges a claimed shard's hosts at the run's instant; each host's result, encoded, by name. */
    public Map<String, byte[]> observe(Pinned pinned, SharedRuns.Claim claim) {
        Set<String> mine = new HashSet<>(claim.hosts());
        List<Host> hosts = pinned.inventory().hosts().stream()
                .filter(h -> mine.contains(h.name()))
                .toList();
        Instant at = pinned.run().startedAt();
        List<HostResult> results;
        try (HostTransports transports = new HostTransports(cfg, hosts)) {
            AuditRun.Inputs inputs = ObserveStep.inputs(cfg, pinned.admitted(), pinned.inventory(), transports, null);
            results = new AuditRun(inputs, clock).observe(mine::contains, at, at);
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (HostResult r : results) {
            out.put(r.host().name(), ResultCodec.write(r));
        }
        // a host the shard names but this node's inventory lacks: said, never left out in silence
        for (String h : claim.hosts()) {
            out.computeIfAbsent(
                    h,
                    name -> ResultCodec.write(HostResult.failed(
                            missing(name),
                            List.of(),
                            new HostError(
                                    FailureKind.SKIPPED,
                                    "not in this node's inventory: the nodes' inventories differ"))));
        }
        return out;
    }

    /**
     * Finalises the run once: every node's results put together (a host its shard never reported is a failed host,
     * never a compliant one), recorded in the transaction that closes the run, then reported and published.
     *
     * @return empty when another node finalised it first
     */
    public Optional<RunPipeline.Completed> finalise(String runId) {
        Inventory inventory = Inventories.load(cfg);
        Admitted admitted = pipeline.admitScheduled(inventory, false);
        // the hosts were judged against the run's revision; the summary and the history step take this node's, which
        // differs only when the standard changed mid-run on this node (its log says so)
        shared.revision(runId)
                .filter(r -> !r.equals(String.valueOf(admitted.info().revision())))
                .ifPresent(r -> LOG.warn(
                        "run {}: judged against revision {}, finalised by a node that admits {}",
                        runId,
                        r,
                        admitted.info().revision()));
        List<InventoryChange> changes = storage.journal()
                .inventorySnapshot()
                .map(before -> InventoryDiff.between(before, InventoryDiff.snapshot(inventory)))
                .orElse(List.of());
        long t0 = System.nanoTime();
        Optional<RunRecorder.Shared> done = RunRecorder.recordShared(
                storage.journal(), cfg, admitted, inventory, runId, shared, judge(admitted, inventory));
        if (done.isEmpty()) {
            return Optional.empty();
        }
        long recordedAt = System.nanoTime();
        Findings found = done.get().found();
        RunRecorder.Recorded recorded = done.get().recorded();
        RunReport report = pipeline.assemble(
                admitted,
                new Observed(found, changes),
                recorded.step(),
                recorded.approvals(),
                recorded.reverts(),
                RunPipeline.Shown.ACTORS);
        RunPipeline.Completed completed = pipeline.publish(
                report,
                done.get().outcome(),
                recorded.step(),
                recorded.previousRun(),
                recorded.approvalChanges(),
                recorded.followUp());
        LOG.info(
                "run {} finalised: {} hosts recorded in {} ms, reported and published in {} ms more",
                runId,
                found.hosts().size(),
                (recordedAt - t0) / 1_000_000,
                (System.nanoTime() - recordedAt) / 1_000_000);
        return Optional.of(completed);
    }

    /** Puts a run together from the results its nodes kept: pure, run inside the transaction that records it. */
    private Function<SharedRuns.Finalising, Findings> judge(Admitted admitted, Inventory inventory) {
        Map<String, Host> byName = inventory.hosts().stream().collect(Collectors.toMap(Host::name, h -> h));
        return fin -> {
            List<HostResult> results = new ArrayList<>();
            fin.results().forEach((name, bytes) -> {
                try {
                    results.add(ResultCodec.read(bytes));
                } catch (IllegalArgumentException e) {
                    results.add(HostResult.failed(
                            byName.getOrDefault(name, missing(name)),
                            List.of(),
                            new HostError(FailureKind.PROBE, "its result could not be read: " + e.getMessage())));
                }
            });
            for (String name : fin.unobserved()) {
                results.add(HostResult.failed(
                        byName.getOrDefault(name, missing(name)),
                        List.of(),
                        new HostError(
                                FailureKind.SKIPPED,
                                "not observed: its shard was not finished before schedule.run_deadline ("
                                        + cfg.schedule().runDeadline().toMinutes() + "m)")));
            }
            AuditRun.Inputs inputs = ObserveStep.inputs(cfg, admitted, inventory, null, null);
            return new AuditRun(inputs, clock).assemble(results, fin.runId(), fin.startedAt(), fin.startedAt());
        };
    }

    /** A host known by name only (no longer in this node's inventory). */
    private static Host missing(String name) {
        return new Host(name, io.driftwarden.inventory.Transport.SSH, name, 22, "", Set.of(), Map.of(), null, null);
    }
}
