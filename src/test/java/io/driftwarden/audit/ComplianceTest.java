package io.driftwarden.audit;

import static io.driftwarden.audit.Runs.T0;
import static io.driftwarden.audit.Runs.hour;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.approval.Classification;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import io.driftwarden.standard.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComplianceTest {
    static HostResult in(HostResult h, String... groups) {
        Host g = new Host(
                h.host().name(), Transport.SSH, "192.0.2.1", 22, "audit", Set.of(groups), Map.of(), null, null);
        return new HostResult(g, h.status(), h.observed(), h.error(), h.standards(), h.drifts(), h.notChecked());
    }

    static ClassifiedDrift approvedBy(String record, String resource, int firstSeenHour) {
        ClassifiedDrift d = Runs.drift(resource, "mode", "0644", "approved", "base.yaml");
        return new ClassifiedDrift(
                d.drift(),
                new Classification("approved", null, record, List.of(), List.of()),
                hour(firstSeenHour),
                null);
    }

    static ChangeRecord record(String id, int approvedHour) {
        return new ChangeRecord(
                id,
                "s",
                List.of("carol@example.com"),
                hour(approvedHour),
                null,
                hour(500),
                "INC-1",
                "revert",
                Selector.all(),
                List.of(),
                "approvals/" + id + ".yaml");
    }

    @Test
    void strictCountsOnlyHostsWithoutDriftAndNeitherModeCountsAFailedOrIncompleteHost() {
        AuditResult r = Runs.run(
                "r1",
                hour(100),
                "sha256:a",
                in(Runs.ok("web-1"), "web"),
                in(Runs.ok("web-2", approvedBy("CHG-1", "file:/etc/motd", 10)), "web"),
                in(Runs.ok("db-1", Runs.drift("file:/etc/hosts", "0600")), "db"),
                in(Runs.failed("db-2"), "db", "web"),
                in(Runs.notChecked("db-3", "file:/etc/hosts", "mode"), "db"));
        Compliance c = Compliance.of(r, Map.of());
        assertThat(c.fleet()).isEqualTo(new Compliance.Share(null, 5, 1, 1));
        assertThat(c.fleet().strict()).isEqualTo(0.2);
        assertThat(c.fleet().withExceptions()).isEqualTo(0.4);
        assertThat(c.groups())
                .containsExactly(new Compliance.Share("db", 3, 0, 0), new Compliance.Share("web", 3, 1, 1));
        assertThat(c.groups().get(1).withExceptions()).isEqualTo(2.0 / 3);
        assertThat(new Compliance.Share("empty", 0, 0, 0).strict()).isEqualTo(1);
    }

    @Test
    void exceptionsAreListedByRecordOldestFirstAgedFromApprovalOrFromAnOlderDrift() {
        AuditResult r = Runs.run(
                "r1",
                hour(100),
                "sha256:a",
                Runs.ok("a", approvedBy("CHG-2", "file:/etc/motd", 90), approvedBy("CHG-1", "file:/etc/issue", 95)),
                Runs.ok("b", approvedBy("CHG-2", "file:/etc/motd", 80)),
                Runs.ok("c", approvedBy("CHG-3", "file:/etc/motd", 99)));
        // CHG-1 approved at hour 50, its drift seen from 95: carried 50 h; CHG-2 approved at 85 for drifts seen from
        // 80 (retroactive): carried since 80, 20 h; CHG-3 is not among the records: carried since its drift, 1 h
        Compliance c = Compliance.of(r, Map.of("CHG-1", record("CHG-1", 50), "CHG-2", record("CHG-2", 85)));
        assertThat(c.exceptions()).extracting(Compliance.Carried::record).containsExactly("CHG-1", "CHG-2", "CHG-3");
        Compliance.Carried two = c.exceptions().get(1);
        assertThat(two.drifts()).isEqualTo(2);
        assertThat(two.hosts()).containsExactly("a", "b");
        assertThat(two.oldestFirstSeen()).isEqualTo(hour(80));
        assertThat(two.age(r.evaluatedAt())).isEqualTo(Duration.ofHours(20));
        assertThat(c.exceptions().get(0).age(r.evaluatedAt())).isEqualTo(Duration.ofHours(50));
        assertThat(c.exceptions().get(0).ticket()).isEqualTo("INC-1");
        assertThat(c.exceptions().get(2).approvedAt()).isNull();
        assertThat(c.exceptions().get(2).age(r.evaluatedAt())).isEqualTo(Duration.ofHours(1));
        assertThat(c.exceptions().get(0).age(T0)).as("never negative").isEqualTo(Duration.ZERO);
    }
}
