package io.driftwarden.bench;

import io.driftwarden.approval.Classification;
import io.driftwarden.audit.ApprovalSummary;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.audit.StandardInfo;
import io.driftwarden.diff.Drift;
import io.driftwarden.history.RunHistory;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.metrics.RunOutcome;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Median time of one /metrics scrape (Prometheus text) after a run over 1,000 hosts with per-host series. */
public final class ScrapeBench {
    public static void main(String[] args) {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Instant now = Instant.parse("2026-11-23T14:00:00Z");
        List<HostResult> results = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < hosts; i++) {
            String name = String.format("web-%04d", i);
            names.add(name);
            Host h = new Host(name, Transport.SSH, "192.0.2.1", 22, "audit", Set.of(), Map.of(), null, null);
            List<ClassifiedDrift> drifts = i % 10 == 0
                    ? List.of(new ClassifiedDrift(
                            new Drift(
                                    ResourceId.parse("file:/etc/ssh/sshd_config")
                                            .orElseThrow(),
                                    "mode",
                                    Value.of("0600"),
                                    Value.of("0644"),
                                    Value.of("0600"),
                                    Value.of("0644"),
                                    "base.yaml:3",
                                    "chmod",
                                    null,
                                    null),
                            new Classification("unapproved", "no-approval", null, List.of(), List.of()),
                            now,
                            null))
                    : List.of();
            results.add(new HostResult(
                    h,
                    drifts.isEmpty() ? HostStatus.COMPLIANT : HostStatus.UNAPPROVED_DRIFT,
                    null,
                    null,
                    List.of("base"),
                    drifts,
                    List.of()));
        }
        AuditResult r = io.driftwarden.audit.AuditResult.assemble(new io.driftwarden.audit.Findings(
                        "bench",
                        "r",
                        now,
                        now,
                        now,
                        false,
                        StandardInfo.unsignedRun(),
                        results,
                        new ApprovalSummary(
                                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                                List.of(), List.of())))
                .build();
        DriftwardenMetrics m = new DriftwardenMetrics("bench", true);
        RunHistory.Step step = RunHistory.EMPTY.advance(
                r, names, true, io.driftwarden.audit.Runs.DAY, io.driftwarden.history.RevisionChanges.UNKNOWN);
        m.record(RunOutcome.SUCCESS, Duration.ofSeconds(30), r, step.next(), step.events(), Map.of());
        for (int i = 0; i < 50; i++) {
            m.scrape();
        }
        int n = 200;
        long[] ns = new long[n];
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            bytes = m.scrape().length();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf(
                "/metrics scrape, %d hosts (%d bytes): median %.2f ms, p90 %.2f ms (n=%d)%n",
                hosts, bytes, ns[n / 2] / 1e6, ns[(int) (n * 0.9)] / 1e6, n);
    }
}
