package io.driftwarden.audit;

import io.driftwarden.approval.Classification;
import io.driftwarden.collect.FailureKind;
import io.driftwarden.diff.Drift;
import io.driftwarden.diff.NotChecked;
import io.driftwarden.history.EpisodeRules;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test-data builders for run results: hosts with drifts, failed hosts, not-checked properties. */
public final class Runs {
    public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    /** The config's defaults (history.flap_window 24h, resolve_after 1), for tests about something else. */
    public static final EpisodeRules DAY = new EpisodeRules(Duration.ofHours(24), 1);

    private Runs() {}

    public static Instant hour(int n) {
        return T0.plus(Duration.ofHours(n));
    }

    public static Host host(String name) {
        return new Host(name, Transport.SSH, "192.0.2.1", 22, "audit", Set.of(), Map.of(), null, null);
    }

    /** A drift of {@code property} on {@code resource}, showing {@code actual}, declared in {@code file}. */
    public static ClassifiedDrift drift(
            String resource, String property, String actual, String classification, String file) {
        Drift d = new Drift(
                ResourceId.parse(resource).orElseThrow(),
                property,
                Value.of("expected"),
                Value.of(actual),
                Value.of("expected"),
                Value.of(actual),
                file + ":3",
                "fix it",
                null,
                null);
        String reason = classification.equals("approved") ? null : "no-approval";
        String approval = classification.equals("approved") ? "CHG-1" : null;
        return new ClassifiedDrift(
                d, new Classification(classification, reason, approval, List.of(), List.of()), null, null);
    }

    public static ClassifiedDrift drift(String resource, String actual) {
        return drift(resource, "mode", actual, "unapproved", "base.yaml");
    }

    public static HostResult ok(String host, ClassifiedDrift... drifts) {
        List<ClassifiedDrift> list = List.of(drifts);
        HostStatus s = list.isEmpty()
                ? HostStatus.COMPLIANT
                : list.stream().anyMatch(d -> !d.classification().approved())
                        ? HostStatus.UNAPPROVED_DRIFT
                        : HostStatus.APPROVED_DRIFT;
        return new HostResult(host(host), s, null, null, List.of("base"), list, List.of());
    }

    public static HostResult notChecked(String host, String resource, String property) {
        return new HostResult(
                host(host),
                HostStatus.INCOMPLETE,
                null,
                null,
                List.of("base"),
                List.of(),
                List.of(new NotChecked(ResourceId.parse(resource).orElseThrow(), property, "probe-error")));
    }

    public static HostResult failed(String host) {
        return HostResult.failed(
                host(host), List.of("base"), new HostError(FailureKind.UNREACHABLE, "connect timed out"));
    }

    public static AuditResult run(String runId, Instant at, String revision, HostResult... hosts) {
        return AuditResult.assemble(new Findings(
                        "prod",
                        runId,
                        at,
                        at,
                        at,
                        false,
                        new StandardInfo(revision, 1L, true, false, List.of("alice@example.com"), null),
                        new ArrayList<>(List.of(hosts)),
                        new ApprovalSummary(
                                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                                List.of(), List.of())))
                .build();
    }

    /** The run as reports show it after this history step: each drift annotated from its episode. */
    public static AuditResult shown(io.driftwarden.history.RunHistory.Step step, Audited r) {
        return AuditResult.assemble(r).hosts(step.annotate(r.hosts())).build();
    }
}
