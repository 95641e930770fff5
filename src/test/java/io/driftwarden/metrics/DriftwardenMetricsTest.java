package io.driftwarden.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.approval.Classification;
import io.driftwarden.audit.ApprovalSummary;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.HostError;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.audit.StandardInfo;
import io.driftwarden.collect.FailureKind;
import io.driftwarden.diff.Drift;
import io.driftwarden.history.RunHistory;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriftwardenMetricsTest {
    static final Instant T1 = Instant.parse("2026-11-23T13:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-23T14:00:00Z");

    static Host host(String name) {
        return new Host(name, Transport.SSH, "192.0.2.1", 22, "audit", Set.of(), Map.of(), null, null);
    }

    static ClassifiedDrift unapproved(String resource) {
        Drift d = new Drift(
                ResourceId.parse(resource).orElseThrow(),
                "mode",
                Value.of("0600"),
                Value.of("0644"),
                Value.of("0600"),
                Value.of("0644"),
                "base.yaml:3",
                "chmod",
                null,
                null);
        return new ClassifiedDrift(
                d, new Classification("unapproved", "no-approval", null, List.of(), List.of()), T1, null);
    }

    static AuditResult result(Instant at, List<HostResult> hosts) {
        ApprovalSummary a = new ApprovalSummary(
                List.of("CHG-1"),
                List.of(),
                List.of(),
                List.of("CHG-1"),
                List.of(),
                List.of("CHG-1"),
                List.of(),
                List.of(),
                List.of(),
                List.of());
        return io.driftwarden.audit.AuditResult.assemble(new io.driftwarden.audit.Findings(
                        "prod",
                        "r",
                        at,
                        at,
                        at,
                        false,
                        new StandardInfo("sha256:x", 7L, true, false, List.of("alice@example.com"), null),
                        hosts,
                        a))
                .build();
    }

    @Test
    void perHostSeriesFollowEachRunAndLeaveWhenAnotherNodeFinalisedTheNewest() {
        DriftwardenMetrics m = new DriftwardenMetrics("1.2.3", true);
        HostResult down =
                HostResult.failed(host("web-1"), List.of("base"), new HostError(FailureKind.TIMEOUT, "no answer"));
        AuditResult r1 = result(T1, List.of(down));
        RunHistory.Step s1 = RunHistory.EMPTY.advance(
                r1,
                Set.of("web-1"),
                true,
                io.driftwarden.audit.Runs.DAY,
                io.driftwarden.history.RevisionChanges.UNKNOWN);
        m.record(RunOutcome.PARTIAL, Duration.ofSeconds(1), r1, s1.next(), s1.events(), Map.of());
        assertThat(m.scrape()).contains("driftwarden_host_up{host=\"web-1\"} 0.0");
        HostResult up = new HostResult(
                host("web-1"),
                io.driftwarden.audit.HostStatus.UNAPPROVED_DRIFT,
                null,
                null,
                List.of("base"),
                List.of(unapproved("file:/etc/a")),
                List.of());
        AuditResult r2 = result(T2, List.of(up));
        RunHistory.Step s2 = s1.next()
                .advance(
                        r2,
                        Set.of("web-1"),
                        true,
                        io.driftwarden.audit.Runs.DAY,
                        io.driftwarden.history.RevisionChanges.UNKNOWN);
        m.record(RunOutcome.SUCCESS, Duration.ofSeconds(1), r2, s2.next(), s2.events(), Map.of());
        assertThat(m.scrape())
                .as("the per-host text is made again after a run, not kept from the first")
                .contains("driftwarden_host_up{host=\"web-1\"} 1.0")
                .contains("driftwarden_host_unapproved_drifts{host=\"web-1\"} 1.0")
                .contains("driftwarden_drifts{classification=\"unapproved\"} 1.0");
        m.withdrawRunResults(s2.next());
        assertThat(m.scrape())
                .doesNotContain("driftwarden_host_up{")
                .doesNotContain("driftwarden_drifts{")
                .doesNotContain("driftwarden_standard_verified")
                .contains("driftwarden_last_run_timestamp_seconds");
    }

    @Test
    void revertsAreCountedFromTheEvidenceChainByOutcome() {
        DriftwardenMetrics m = new DriftwardenMetrics("1.2.3", true);
        m.reverts(java.util.Map.of(
                "applied", 3L, "failed", 1L, "not-run", 1L, "applied-still-drifting", 2L, "refused", 4L));
        assertThat(m.scrape())
                .contains("driftwarden_reverts_total{outcome=\"success\"} 3.0")
                .contains("driftwarden_reverts_total{outcome=\"failure\"} 4.0")
                .contains("driftwarden_reverts_total{outcome=\"refused\"} 4.0");
    }

    @Test
    void beforeAnyRunCountsAreZeroAndTimestampsAbsent() {
        String s = new DriftwardenMetrics("1.2.3", true).scrape();
        assertThat(s)
                .contains("driftwarden_audit_runs_total{outcome=\"success\"} 0.0")
                .contains("driftwarden_drift_events_total{classification=\"unapproved\",event=\"appeared\"} 0.0")
                .contains("driftwarden_build_info{version=\"1.2.3\"} 1")
                .contains("driftwarden_hosts{status=\"compliant\"} 0.0")
                .contains("driftwarden_reverts_total{outcome=\"refused\"} 0.0")
                .contains("jvm_memory_used_bytes");
        assertThat(s)
                .doesNotContain("driftwarden_last_run_timestamp_seconds ")
                .doesNotContain("driftwarden_last_success_timestamp_seconds ")
                .doesNotContain("driftwarden_oldest_unapproved_drift_timestamp_seconds ");
    }

    @Test
    void aRunSetsGaugesCountsEventsAndTimestamps() {
        DriftwardenMetrics m = new DriftwardenMetrics("1", true);
        HostResult web1 = new HostResult(
                host("web-1"),
                HostStatus.UNAPPROVED_DRIFT,
                null,
                null,
                List.of("base"),
                List.of(unapproved("file:/etc/a")),
                List.of());
        HostResult web2 =
                HostResult.failed(host("web-2"), List.of("base"), new HostError(FailureKind.HOST_KEY, "CHANGED"));
        AuditResult r = result(T1, List.of(web1, web2));
        RunHistory.Step step = RunHistory.EMPTY.advance(
                r,
                Set.of("web-1", "web-2"),
                true,
                io.driftwarden.audit.Runs.DAY,
                io.driftwarden.history.RevisionChanges.UNKNOWN);
        m.record(RunOutcome.PARTIAL, Duration.ofSeconds(3), r, step.next(), step.events(), Map.of("CHG-1", T2));
        String s = m.scrape();
        assertThat(s)
                .contains("driftwarden_audit_runs_total{outcome=\"partial\"} 1.0")
                .contains("driftwarden_drifts{classification=\"unapproved\"} 1.0")
                .contains("driftwarden_hosts{status=\"failed\"} 1.0")
                .contains("driftwarden_drift_events_total{classification=\"unapproved\",event=\"appeared\"} 1.0")
                .contains(
                        "driftwarden_host_drift_events_total{classification=\"unapproved\",event=\"appeared\",host=\"web-1\"} 1.0")
                .contains("driftwarden_host_key_mismatch{host=\"web-2\"} 1.0")
                .contains("driftwarden_host_up{host=\"web-2\"} 0.0")
                .contains("driftwarden_host_consecutive_failures{host=\"web-2\"} 1.0")
                .contains("driftwarden_standard_verified 1.0")
                .contains("driftwarden_standard_serial 7.0")
                .contains("driftwarden_approvals_flagged{flag=\"expiring\"} 1.0")
                .contains("driftwarden_approval_expires_timestamp_seconds{id=\"CHG-1\",in_use=\"true\"} "
                        + (double) T2.getEpochSecond())
                .contains("driftwarden_last_success_timestamp_seconds " + (double) T1.getEpochSecond())
                .contains("driftwarden_oldest_unapproved_drift_timestamp_seconds " + (double) T1.getEpochSecond())
                .contains("driftwarden_audit_duration_seconds_bucket{le=\"5.0\"} 1")
                // one host with unapproved drift, one failed: neither is compliant either way
                .contains("driftwarden_fleet_compliance_ratio{mode=\"strict\"} 0.0")
                .contains("driftwarden_fleet_compliance_ratio{mode=\"with_exceptions\"} 0.0");

        // the next hour: the drift is fixed, the host still fails
        HostResult fixed =
                new HostResult(host("web-1"), HostStatus.COMPLIANT, null, null, List.of("base"), List.of(), List.of());
        AuditResult r2 = result(T2, List.of(fixed, web2));
        RunHistory.Step step2 = step.next()
                .advance(
                        r2,
                        Set.of("web-1", "web-2"),
                        true,
                        io.driftwarden.audit.Runs.DAY,
                        io.driftwarden.history.RevisionChanges.UNKNOWN);
        m.record(RunOutcome.PARTIAL, Duration.ofSeconds(2), r2, step2.next(), step2.events(), Map.of());
        String s2 = m.scrape();
        assertThat(s2)
                .contains("driftwarden_drift_events_total{classification=\"unapproved\",event=\"resolved\"} 1.0")
                .contains("driftwarden_host_consecutive_failures{host=\"web-2\"} 2.0")
                .doesNotContain("driftwarden_oldest_unapproved_drift_timestamp_seconds ")
                .doesNotContain("driftwarden_approval_expires_timestamp_seconds{")
                .contains("driftwarden_fleet_compliance_ratio{mode=\"strict\"} 0.5")
                .contains("driftwarden_fleet_compliance_ratio{mode=\"with_exceptions\"} 0.5");
    }

    @Test
    void aFailedHostNeitherOpensNorClosesDrifts() {
        HostResult web1 = new HostResult(
                host("web-1"),
                HostStatus.UNAPPROVED_DRIFT,
                null,
                null,
                List.of("base"),
                List.of(unapproved("file:/etc/a")),
                List.of());
        RunHistory h1 = RunHistory.EMPTY
                .advance(
                        result(T1, List.of(web1)),
                        Set.of("web-1"),
                        true,
                        io.driftwarden.audit.Runs.DAY,
                        io.driftwarden.history.RevisionChanges.UNKNOWN)
                .next();
        HostResult down =
                HostResult.failed(host("web-1"), List.of("base"), new HostError(FailureKind.UNREACHABLE, "refused"));
        RunHistory.Step s = h1.advance(
                result(T2, List.of(down)),
                Set.of("web-1"),
                true,
                io.driftwarden.audit.Runs.DAY,
                io.driftwarden.history.RevisionChanges.UNKNOWN);
        assertThat(s.events()).isEmpty();
        assertThat(s.next().open()).hasSize(1);
        assertThat(s.next().oldestUnapproved()).contains(T1);
        RunHistory.Step gone = h1.advance(
                result(T2, List.of()),
                Set.of(),
                true,
                io.driftwarden.audit.Runs.DAY,
                io.driftwarden.history.RevisionChanges.UNKNOWN);
        assertThat(gone.events()).extracting(e -> e.event().label()).containsExactly("resolved");
    }
}
