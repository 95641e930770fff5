package io.driftwarden.metrics;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.DriftEvent;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.collect.FailureKind;
import io.driftwarden.history.RunHistory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every metric of section 10, registered in one place with bounded labels. Counts start at 0; timestamps
 * and the oldest unapproved drift have no sample until they hold a real value.
 */
public final class DriftwardenMetrics {
    private static final List<String> CLASSIFICATIONS = List.of("approved", "unapproved");
    private static final List<String> EVENTS = List.of("appeared", "resolved", "reclassified");
    private static final List<String> FLAGS = List.of(
            "expiring",
            "open_ended",
            "unused",
            "stale",
            "overdue",
            "unauthorised",
            "refused",
            "withdrawn",
            "signer_expiring");
    private static final List<String> STATES = List.of("not_yet_valid", "active", "expired");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /**
     * The per-host series, apart: at 10,000 hosts they are most of the scrape's 8 MB, and they change only when a run
     * is recorded, so their text is made once per run ({@link #hostsText}) rather than at every scrape.
     */
    private final PrometheusMeterRegistry hostSeries = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** The per-host series' text since they last changed; null: make it again at the next scrape. */
    private String hostsText;

    private final boolean perHost;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private final Map<String, io.micrometer.core.instrument.Meter> meters = new ConcurrentHashMap<>();
    private final Timer duration;
    private final MultiGauge lastRun;
    private final MultiGauge lastSuccess;
    private final MultiGauge oldestUnapproved;
    private final MultiGauge hostUnapproved;
    private final MultiGauge hostUp;
    private final MultiGauge hostFailures;
    private final MultiGauge hostKeyMismatch;
    private final MultiGauge approvalExpires;
    private final MultiGauge fleetCompliance;
    private final MultiGauge overdueDeadline;
    private final MultiGauge webhookPending;
    private final MultiGauge webhookDead;
    private final MultiGauge overdueByLevel;
    private final MultiGauge groupCompliance;

    private final java.util.concurrent.atomic.AtomicReference<Map<String, Long>> reverts =
            new java.util.concurrent.atomic.AtomicReference<>(Map.of());

    public DriftwardenMetrics(String version, boolean perHost) {
        this.perHost = perHost;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        CLASSIFICATIONS.forEach(c -> gauge("driftwarden.drifts", "classification", c));
        for (HostStatus s : HostStatus.values()) {
            gauge("driftwarden.hosts", "status", s.label());
        }
        for (String e : EVENTS) {
            for (String c : CLASSIFICATIONS) {
                Counter.builder("driftwarden.drift.events")
                        .tags("event", e, "classification", c)
                        .register(registry);
            }
        }
        for (RunOutcome o : RunOutcome.values()) {
            Counter.builder("driftwarden.audit.runs").tag("outcome", o.label()).register(registry);
        }
        for (String o : List.of("success", "failure", "refused")) {
            io.micrometer.core.instrument.FunctionCounter.builder(
                            "driftwarden.reverts", reverts, m -> m.get().getOrDefault(o, 0L))
                    .tag("outcome", o)
                    .description("reverts recorded in the evidence chain (revert runs outside the daemon)")
                    .register(registry);
        }
        duration = Timer.builder("driftwarden.audit.duration")
                .description("wall time of one audit run")
                .serviceLevelObjectives(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(30),
                        Duration.ofMinutes(60))
                .register(registry);
        gauge("driftwarden.standard.verified", null, null);
        gauge("driftwarden.standard.unsigned", null, null);
        gauge("driftwarden.standard.serial", null, null);
        gauge("driftwarden.email.outbox.pending", null, null);
        STATES.forEach(s -> gauge("driftwarden.approvals", "state", s));
        FLAGS.forEach(f -> gauge("driftwarden.approvals.flagged", "flag", f));
        gauge("driftwarden.build.info", "version", version).set(1);
        lastRun = MultiGauge.builder("driftwarden.last.run.timestamp.seconds").register(registry);
        lastSuccess =
                MultiGauge.builder("driftwarden.last.success.timestamp.seconds").register(registry);
        oldestUnapproved = MultiGauge.builder("driftwarden.oldest.unapproved.drift.timestamp.seconds")
                .register(registry);
        hostUnapproved =
                MultiGauge.builder("driftwarden.host.unapproved.drifts").register(hostSeries);
        hostUp = MultiGauge.builder("driftwarden.host.up").register(hostSeries);
        hostFailures =
                MultiGauge.builder("driftwarden.host.consecutive.failures").register(hostSeries);
        hostKeyMismatch = MultiGauge.builder("driftwarden.host.key.mismatch").register(hostSeries);
        approvalExpires = MultiGauge.builder("driftwarden.approval.expires.timestamp.seconds")
                .register(registry);
        fleetCompliance = MultiGauge.builder("driftwarden.fleet.compliance.ratio")
                .description("share of every host in the run: strict = without drift, with_exceptions = without"
                        + " unapproved drift")
                .register(registry);
        groupCompliance = MultiGauge.builder("driftwarden.group.compliance.ratio")
                .description("the same per inventory group")
                .register(registry);
        overdueDeadline = MultiGauge.builder("driftwarden.oldest.unapproved.deadline.timestamp.seconds")
                .description("the earliest deadline of the open unapproved drifts (approvals.remediate_within)")
                .register(registry);
        overdueByLevel = MultiGauge.builder("driftwarden.unapproved.overdue")
                .description("open unapproved drifts that reached each escalation level or a later one")
                .register(registry);
        gauge("driftwarden.hosts.unaudited.overdue", null, null);
        webhookPending = MultiGauge.builder("driftwarden.webhook.pending")
                .description("webhook events waiting for their endpoint")
                .register(registry);
        webhookDead = MultiGauge.builder("driftwarden.webhook.dead.letters")
                .description("webhook events the endpoint refused for good")
                .register(registry);
    }

    /** The webhook outbox by endpoint: what waits and what is dead (every configured endpoint has a sample). */
    public void webhooks(Map<String, Long> pending, Map<String, Long> dead) {
        List<MultiGauge.Row<?>> p = new ArrayList<>();
        List<MultiGauge.Row<?>> d = new ArrayList<>();
        pending.forEach((e, n) -> p.add(MultiGauge.Row.of(Tags.of("endpoint", e), n)));
        dead.forEach((e, n) -> d.add(MultiGauge.Row.of(Tags.of("endpoint", e), n)));
        webhookPending.register(p, true);
        webhookDead.register(d, true);
    }

    /** An endpoint's counters at 0 from the start, so the first dead letter is an increase an alert sees. */
    public void webhookEndpoint(String endpoint) {
        for (String o : List.of("delivered", "duplicate", "retried", "dead_letter")) {
            registry.counter("driftwarden.webhook.deliveries", "endpoint", endpoint, "outcome", o);
        }
    }

    /** One attempt's outcome: delivered, duplicate (the receiver had it), retried, dead_letter. */
    public void webhookDelivery(String endpoint, String outcome) {
        registry.counter("driftwarden.webhook.deliveries", "endpoint", endpoint, "outcome", outcome)
                .increment();
    }

    /**
     * The follow-through of a run: drifts past their deadline by level, the earliest deadline (an alert on it fires
     * between runs), hosts escalated as unaudited, and the escalations made (not reminders).
     */
    public void followUp(io.driftwarden.followup.FollowUpStep.Step step, int levels) {
        if (step == null) {
            return;
        }
        var o = step.overdue();
        setTimestamp(overdueDeadline, o.nextDeadline());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (int n = 1; n <= levels; n++) {
            int at = n;
            long count = o.byLevel().entrySet().stream()
                    .filter(e -> e.getKey() >= at)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            rows.add(MultiGauge.Row.of(Tags.of("level", Integer.toString(n)), count));
        }
        overdueByLevel.register(rows, true);
        gauge("driftwarden.hosts.unaudited.overdue", null, null).set(o.unauditedHosts());
        for (var e : step.escalations()) {
            if (!e.reminder()) {
                registry.counter("driftwarden.escalations", "level", Integer.toString(e.level()), "reason", e.reason())
                        .increment();
            }
        }
    }

    private AtomicLong gauge(String name, String tag, String value) {
        String key = name + (tag == null ? "" : "{" + tag + "=" + value + "}");
        return values.computeIfAbsent(key, k -> {
            AtomicLong v = new AtomicLong();
            meters.put(
                    k,
                    Gauge.builder(name, v, AtomicLong::doubleValue)
                            .tags(tag == null ? Tags.empty() : Tags.of(tag, value))
                            .register(registry));
            return v;
        });
    }

    /** The gauges that describe one run's result (what {@link #record} and {@link #followUp} set from it). */
    private static final List<String> RUN_RESULT =
            List.of("driftwarden.drifts{", "driftwarden.hosts", "driftwarden.standard.", "driftwarden.approvals");

    /**
     * Another node of the cluster finalised a newer run than this node's last: the series describing one run's result
     * (drifts, hosts, the standard, approvals, compliance, the follow-through) leave this node's scrape, so that
     * summed, maxed or taken per host across the nodes they answer as one node does. The run timestamps stay, from
     * the store ({@link #restore}), on every node: an alert on a run's age must not depend on which node it asks.
     */
    public synchronized void withdrawRunResults(RunHistory history) {
        for (String key : List.copyOf(values.keySet())) {
            if (RUN_RESULT.stream().anyMatch(key::startsWith)) {
                values.remove(key);
                registry.remove(meters.remove(key));
            }
        }
        for (MultiGauge g : List.of(
                hostUnapproved,
                hostUp,
                hostFailures,
                hostKeyMismatch,
                approvalExpires,
                fleetCompliance,
                groupCompliance,
                overdueDeadline,
                overdueByLevel)) {
            g.register(List.of(), true);
        }
        dropHostsText();
        restore(history);
    }

    /** Changes of what is approved, by event ({@code effective}, {@code changed}, {@code refused}, ...). */
    public void approvalChanges(List<io.driftwarden.approval.ApprovalChanges.Change> changes) {
        changes.forEach(c -> io.micrometer.core.instrument.Counter.builder("driftwarden.approval.changes")
                .tags("event", c.event())
                .register(registry)
                .increment());
    }

    /**
     * The evidence chain's counts by outcome ({@code applied}; {@code failed}, {@code not-run},
     * {@code applied-still-drifting}; {@code refused}), as the counter's success, failure and refused. The chain is
     * append-only, so the counter only grows.
     */
    public void reverts(Map<String, Long> byOutcome) {
        Map<String, Long> m = new java.util.HashMap<>();
        byOutcome.forEach((o, n) ->
                m.merge(o.equals("applied") ? "success" : o.equals("refused") ? "refused" : "failure", n, Long::sum));
        reverts.set(Map.copyOf(m));
    }

    /**
     * {@code driftwarden_maintenance_window}: 1 while a configured maintenance window is open (read at each scrape), so
     * the unapproved-drift alert holds like the mail does.
     */
    public void maintenance(java.util.function.BooleanSupplier open) {
        Gauge.builder("driftwarden.maintenance.window", open, o -> o.getAsBoolean() ? 1 : 0)
                .description("1 while a maintenance window is open")
                .strongReference(true)
                .register(registry);
    }

    /**
     * A cluster node's own series, read at each scrape from what the node already knows (no query): {@code
     * driftwarden_cluster_members}, the live members its last heartbeat counted, and {@code driftwarden_cluster_node_ready}.
     */
    public void cluster(java.util.function.IntSupplier members, java.util.function.BooleanSupplier ready) {
        Gauge.builder("driftwarden.cluster.members", members, m -> m.getAsInt())
                .description("live members of the cluster, as this node's last heartbeat counted them")
                .strongReference(true)
                .register(registry);
        Gauge.builder("driftwarden.cluster.node.ready", ready, r -> r.getAsBoolean() ? 1 : 0)
                .description("1 while this node is a member whose clock is close enough to judge")
                .strongReference(true)
                .register(registry);
    }

    /** A shard this node judged: {@code kept}, or {@code lost} (its lease lapsed to another node first). */
    public void shard(String outcome, int hosts) {
        registry.counter("driftwarden.cluster.shards", "outcome", outcome).increment();
        registry.counter("driftwarden.cluster.hosts.judged").increment(hosts);
    }

    /** Restores what the store (or state file) remembers, so a restart does not forget when runs happened. */
    public void restore(RunHistory history) {
        setTimestamp(lastRun, history.lastRun());
        setTimestamp(lastSuccess, history.lastSuccess());
        setTimestamp(oldestUnapproved, history.oldestUnapproved().orElse(null));
    }

    /** Compliance two ways, fleet-wide and per inventory group (groups are bounded by the inventory). */
    private void compliance(io.driftwarden.audit.Compliance c) {
        fleetCompliance.register(
                List.of(
                        MultiGauge.Row.of(Tags.of("mode", "strict"), c.fleet().strict()),
                        MultiGauge.Row.of(
                                Tags.of("mode", "with_exceptions"), c.fleet().withExceptions())),
                true);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (var g : c.groups()) {
            rows.add(MultiGauge.Row.of(Tags.of("group", g.group(), "mode", "strict"), g.strict()));
            rows.add(MultiGauge.Row.of(Tags.of("group", g.group(), "mode", "with_exceptions"), g.withExceptions()));
        }
        groupCompliance.register(rows, true);
    }

    /** One finished (or failed) run: outcome, duration, and, when a result exists, what it found. */
    public void record(
            RunOutcome outcome,
            Duration took,
            AuditResult r,
            RunHistory history,
            List<DriftEvent> events,
            Map<String, Instant> approvalExpiry) {
        registry.counter("driftwarden.audit.runs", "outcome", outcome.label()).increment();
        duration.record(took);
        if (r != null) {
            gauge("driftwarden.drifts", "classification", "approved").set(r.drifts(true));
            gauge("driftwarden.drifts", "classification", "unapproved").set(r.drifts(false));
            for (HostStatus s : HostStatus.values()) {
                gauge("driftwarden.hosts", "status", s.label()).set(r.count(s));
            }
            standard(r);
            approvals(r, approvalExpiry);
            compliance(io.driftwarden.audit.Compliance.of(r, Map.of()));
            for (DriftEvent e : events) {
                if (!EVENTS.contains(e.event().label())) {
                    continue; // value_changed is history detail, not one of the metric's event labels
                }
                registry.counter(
                                "driftwarden.drift.events",
                                "event",
                                e.event().label(),
                                "classification",
                                e.classification())
                        .increment();
                if (perHost) {
                    hostSeries
                            .counter(
                                    "driftwarden.host.drift.events",
                                    "host",
                                    e.key().host(),
                                    "event",
                                    e.event().label(),
                                    "classification",
                                    e.classification())
                            .increment();
                }
            }
            hosts(r, history);
            dropHostsText();
        }
        restore(history);
    }

    private void standard(AuditResult r) {
        gauge("driftwarden.standard.verified", null, null).set(r.standard().verified() ? 1 : 0);
        gauge("driftwarden.standard.unsigned", null, null).set(r.standard().unsigned() ? 1 : 0);
        gauge("driftwarden.standard.serial", null, null)
                .set(r.standard().serial() == null ? 0 : r.standard().serial());
    }

    private void approvals(AuditResult r, Map<String, Instant> expiry) {
        var a = r.approvals();
        if (!r.standard().unsigned()) {
            // 0 = the store has seen no signed approvals index: a source rolled back as a whole goes unnoticed
            gauge("driftwarden.approvals.memory", null, null).set(a.verdicts().remembered() ? 1 : 0);
        }
        for (var s : a.verdicts().sources()) {
            gauge("driftwarden.approvals.source.verified", "source", s.name()).set(s.failed() ? 0 : 1);
            if (s.index() != null) {
                gauge("driftwarden.approvals.index.serial", "source", s.name())
                        .set(s.index().serial());
            }
        }
        gauge("driftwarden.approvals", "state", "active").set(a.active().size());
        gauge("driftwarden.approvals", "state", "expired").set(a.expired().size());
        gauge("driftwarden.approvals", "state", "not_yet_valid")
                .set(a.notYetValid().size());
        Map<String, List<String>> flagged = Map.of(
                "refused",
                a.verdicts().refused().stream().map(v -> v.id()).toList(),
                "withdrawn",
                a.verdicts().withdrawn(),
                "signer_expiring",
                a.verdicts().flagged(io.driftwarden.approval.RecordVerdict.SIGNER_EXPIRING),
                "self_approved",
                a.verdicts().flagged(io.driftwarden.approval.RecordVerdict.SELF_APPROVED),
                "expiring",
                a.expiring(),
                "open_ended",
                a.openEnded(),
                "unused",
                a.unused(),
                "stale",
                a.stale(),
                "overdue",
                a.overdue(),
                "unauthorised",
                a.unauthorised());
        flagged.forEach(
                (f, ids) -> gauge("driftwarden.approvals.flagged", "flag", f).set(ids.size()));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        expiry.forEach((id, at) -> rows.add(MultiGauge.Row.of(
                Tags.of("id", id, "in_use", Boolean.toString(a.inUse().contains(id))), at.getEpochSecond())));
        approvalExpires.register(rows, true);
    }

    private void hosts(AuditResult r, RunHistory history) {
        Map<String, Integer> failing = history.consecutiveFailures(); // once: it is made anew at each call
        List<MultiGauge.Row<?>> unapproved = new ArrayList<>();
        List<MultiGauge.Row<?>> up = new ArrayList<>();
        List<MultiGauge.Row<?>> failures = new ArrayList<>();
        List<MultiGauge.Row<?>> mismatch = new ArrayList<>();
        for (HostResult h : r.hosts()) {
            Tags t = Tags.of("host", h.host().name());
            if (perHost) {
                for (String e : EVENTS) {
                    for (String c : CLASSIFICATIONS) {
                        hostSeries.counter(
                                "driftwarden.host.drift.events",
                                "host",
                                h.host().name(),
                                "event",
                                e,
                                "classification",
                                c);
                    }
                }
            }
            boolean keyProblem = h.error() != null && h.error().kind() == FailureKind.HOST_KEY;
            mismatch.add(MultiGauge.Row.of(t, keyProblem ? 1 : 0));
            if (perHost) {
                unapproved.add(MultiGauge.Row.of(t, h.count(false)));
                up.add(MultiGauge.Row.of(t, h.auditedOk() ? 1 : 0));
                failures.add(MultiGauge.Row.of(t, failing.getOrDefault(h.host().name(), 0)));
            }
        }
        hostUnapproved.register(unapproved, true);
        hostUp.register(up, true);
        hostFailures.register(failures, true);
        hostKeyMismatch.register(mismatch, true);
    }

    private static void setTimestamp(MultiGauge g, Instant at) {
        g.register(at == null ? List.of() : List.of(MultiGauge.Row.of(Tags.empty(), at.toEpochMilli() / 1000.0)), true);
    }

    /** Held here because a function counter holds its object weakly. */
    private java.util.function.LongSupplier mailCutOffs;

    /**
     * The mail sender, read at each scrape: {@code driftwarden_email_sending_seconds} (how long the mail being sent
     * has been on the wire; 0 while idle, so a stuck relay shows as a growing value) and
     * {@code driftwarden_email_send_deadline_exceeded_total} (sends the watchdog cut off at email.send_deadline).
     */
    public void mailSender(java.util.function.Supplier<Duration> sendingFor, java.util.function.LongSupplier cutOff) {
        Gauge.builder(
                        "driftwarden.email.sending.seconds",
                        sendingFor,
                        d -> d.get().toMillis() / 1000.0)
                .description("how long the mail being sent has taken so far; 0 while idle")
                .strongReference(true)
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder(
                        "driftwarden.email.send.deadline.exceeded", cutOff, java.util.function.LongSupplier::getAsLong)
                .description("mail sends cut off at email.send_deadline")
                .register(registry);
        this.mailCutOffs = cutOff;
    }

    public void outboxPending(int n) {
        gauge("driftwarden.email.outbox.pending", null, null).set(n);
    }

    private void dropHostsText() {
        synchronized (hostSeries) {
            hostsText = null;
        }
    }

    /** The Prometheus text exposition of every metric: the per-host families as of the last run, the rest live. */
    public String scrape() {
        String perHost;
        synchronized (hostSeries) { // made and dropped under one lock: a text made before a run never outlives it
            if (hostsText == null) {
                hostsText = hostSeries.scrape();
            }
            perHost = hostsText;
        }
        return registry.scrape() + perHost;
    }
}
