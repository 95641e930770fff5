package io.driftwarden.approval;

import static io.driftwarden.approval.RecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordFlagsTest {
    static final Instant NOW = Instant.parse("2026-11-23T14:00:00Z");
    static final Duration WEEK = Duration.ofDays(7);
    static final String R = "sysctl:net.core.somaxconn";

    @Test
    void activeRecordOnACompliantHostIsUnused() {
        ChangeRecord rec = aRecord("CHG-1")
                .expires("2026-12-20T00:00:00Z")
                .allow(R, "value", "4096")
                .build();
        var flags = RecordFlags.compute(
                List.of(rec), List.of(new RecordFlags.HostSeen("web-1", Set.of(), true)), List.of(), NOW, WEEK);
        assertThat(flags.get("CHG-1").names()).containsExactly("unused");
    }

    @Test
    void anUnreachableInScopeHostLeavesTheRecordUnflagged() {
        ChangeRecord rec = aRecord("CHG-1").allow(R, "value", "4096").build();
        var flags = RecordFlags.compute(
                List.of(rec),
                List.of(
                        new RecordFlags.HostSeen("web-1", Set.of(), false),
                        new RecordFlags.HostSeen("db-1", Set.of(), true)),
                List.of(),
                NOW,
                WEEK);
        assertThat(flags).doesNotContainKey("CHG-1");
    }

    @Test
    void recordsOutsideAHostsSubsetAreUnflagged() {
        ChangeRecord web =
                aRecord("CHG-web").hosts("web-*").allow(R, "value", "4096").build();
        ChangeRecord db =
                aRecord("CHG-db").hosts("db-*").allow(R, "value", "4096").build();
        // --hosts 'db-*': only db-1 was audited; web hosts were never looked at
        var flags = RecordFlags.compute(
                List.of(web, db), List.of(new RecordFlags.HostSeen("db-1", Set.of(), true)), List.of(), NOW, WEEK);
        assertThat(flags).containsOnlyKeys("CHG-db");
        assertThat(flags.get("CHG-db").unused()).isTrue();
    }

    @Test
    void expiringWithinTheWindow() {
        ChangeRecord soon = aRecord("CHG-1")
                .expires("2026-11-25T00:00:00Z")
                .allow(R, "value", "4096")
                .build();
        ChangeRecord later = aRecord("CHG-2")
                .expires("2026-12-15T00:00:00Z")
                .allow(R, "value", "4096")
                .build();
        var flags = RecordFlags.compute(
                List.of(soon, later),
                List.of(new RecordFlags.HostSeen("web-1", Set.of(), true)),
                List.of(new RecordFlags.Naming("CHG-1", null), new RecordFlags.Naming("CHG-2", null)),
                NOW,
                WEEK);
        assertThat(flags.get("CHG-1").names()).containsExactly("expiring", "in_use");
        assertThat(flags.get("CHG-2").names()).containsExactly("in_use");
    }

    @Test
    void expiredRecordStillNamedByAnExpiredDriftIsOverdue() {
        ChangeRecord rec = aRecord("CHG-1")
                .validFrom("2026-10-01T00:00:00Z")
                .expires("2026-11-01T00:00:00Z")
                .allow(R, "value", "4096")
                .build();
        var flags = RecordFlags.compute(
                List.of(rec),
                List.of(new RecordFlags.HostSeen("web-1", Set.of(), true)),
                List.of(new RecordFlags.Naming("CHG-1", "approval-expired")),
                NOW,
                WEEK);
        assertThat(flags.get("CHG-1").names()).containsExactly("in_use", "overdue");
    }
}
