package io.driftwarden.followup;

import static io.driftwarden.audit.Runs.hour;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.approval.ApprovalChanges;
import io.driftwarden.approval.Classification;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.DriftKey;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.Runs;
import io.driftwarden.config.Config;
import io.driftwarden.history.RevisionChanges;
import io.driftwarden.history.RunHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The follow-through over runs built like real ones: the history's own step feeds it, hour by hour. */
class FollowUpStepTest {
    static final Config.Deadlines DEADLINES = new Config.Deadlines(
            Duration.ofHours(24),
            Map.of("pci", Duration.ofHours(8)),
            List.of(
                    new Config.Level("team", Duration.ZERO, List.of()),
                    new Config.Level("chair", Duration.ofHours(48), List.of("chair@example.com"))),
            Duration.ofHours(24));
    static final DriftKey MOTD = new DriftKey("web-1", "file:/etc/motd", "mode");

    /** A fleet run hour by hour: its history and its follow-up carried along. */
    static final class Fleet {
        RunHistory history = RunHistory.EMPTY;
        FollowUp follow = FollowUp.NONE;
        Set<String> inventory = new HashSet<>(Set.of("web-1", "web-2"));
        Map<String, Instant> expires = new HashMap<>();
        Map<String, Instant> expiring = new HashMap<>();
        List<ApprovalChanges.Change> recordChanges = List.of();
        Config.Deadlines deadlines = DEADLINES;
        FollowUpStep.Step last;

        FollowUpStep.Step at(int h, HostResult... hosts) {
            AuditResult r = Runs.run("run-" + h, hour(h), "sha256:a", hosts);
            RunHistory.Step step = history.advance(r, inventory, true, Runs.DAY, RevisionChanges.UNKNOWN);
            Map<DriftKey, Seen> seen = new HashMap<>();
            Map<String, Boolean> audited = new HashMap<>();
            for (HostResult hr : hosts) {
                audited.put(hr.host().name(), hr.auditedOk());
                for (ClassifiedDrift d : hr.drifts()) {
                    seen.put(
                            new DriftKey(
                                    hr.host().name(),
                                    d.drift().resource().toString(),
                                    d.drift().identity()),
                            new Seen(
                                    d.classification().classification(),
                                    d.classification().reason(),
                                    d.classification().approval(),
                                    "0644",
                                    d.drift().shownActual().toString(),
                                    d.drift().declaredAt(),
                                    d.drift().declaredAt().startsWith("pci") ? "pci" : "base",
                                    hr.host().name()));
                }
            }
            last = FollowUpStep.advance(
                    follow,
                    new FollowUpStep.Inputs(
                            "prod",
                            "run-" + h,
                            hour(h),
                            step,
                            seen,
                            audited,
                            Set.copyOf(inventory),
                            Map.copyOf(expires),
                            Map.copyOf(expiring),
                            recordChanges,
                            deadlines,
                            Duration.ofHours(24)));
            history = step.next();
            follow = last.next();
            recordChanges = List.of();
            return last;
        }

        List<String> events() {
            return last.events().stream().map(e -> e.event() + "#" + e.seq()).toList();
        }
    }

    static HostResult drifting(String host, String actual) {
        return Runs.ok(host, Runs.drift("file:/etc/motd", "mode", actual, "unapproved", "base.yaml"));
    }

    static HostResult clean(String host) {
        return Runs.ok(host);
    }

    @Test
    void aHotfixOpensOneStreamWhoseValueChangesAndRevertKeepItsIdAndAFlapKeepsItsDeadline() {
        Fleet f = new Fleet();
        f.at(0, clean("web-1"), clean("web-2"));
        assertThat(f.last.events()).isEmpty();
        f.at(1, drifting("web-1", "0664"), clean("web-2"));
        assertThat(f.events()).containsExactly("unapproved_opened#1");
        String id = f.last.events().get(0).streamId();
        assertThat(f.last.events().get(0).data())
                .containsEntry("host", "web-1")
                .containsEntry("actual", "0664")
                .containsEntry("declared_at", "base.yaml:3");
        f.at(2, drifting("web-1", "0666"), clean("web-2"));
        assertThat(f.events()).containsExactly("value_changed#2");
        assertThat(f.last.events().get(0).data()).containsEntry("previous_actual", "0664");
        f.at(3, clean("web-1"), clean("web-2"));
        assertThat(f.events()).containsExactly("resolved#3");
        assertThat(f.last.events().get(0).data()).containsEntry("cause", "reverted");
        f.at(10, drifting("web-1", "0666"), clean("web-2"));
        assertThat(f.events()).containsExactly("flapped#4");
        assertThat(f.last.events().get(0).streamId()).isEqualTo(id);
        // the deadline still runs from hour 1: due at 25, not at 34
        assertThat(f.at(24, drifting("web-1", "0666"), clean("web-2")).events()).isEmpty();
        f.at(25, drifting("web-1", "0666"), clean("web-2"));
        assertThat(f.events()).containsExactly("escalated#5");
        assertThat(f.last.escalations()).singleElement().satisfies(e -> {
            assertThat(e.deadline()).isEqualTo(hour(25));
            assertThat(e.level()).isEqualTo(1);
            assertThat(e.reminder()).isFalse();
        });
        assertThat(f.last.overdue().byLevel()).containsEntry(1, 1L);
        assertThat(f.last.overdue().nextDeadline()).isEqualTo(hour(25));
    }

    @Test
    void aDriftBackAfterTheFlapWindowIsANewStream() {
        Fleet f = new Fleet();
        f.at(1, drifting("web-1", "0664"), clean("web-2"));
        String first = f.last.events().get(0).streamId();
        f.at(2, clean("web-1"), clean("web-2"));
        f.at(30, drifting("web-1", "0664"), clean("web-2"));
        assertThat(f.events()).containsExactly("unapproved_opened#1");
        assertThat(f.last.events().get(0).streamId()).isNotEqualTo(first);
    }

    @Test
    void eachLevelIsEscalatedOnceInOrderThenRemindedEveryDay() {
        Fleet f = new Fleet();
        f.at(1, drifting("web-1", "0664"), clean("web-2"));
        f.at(80, drifting("web-1", "0664"), clean("web-2")); // deadline 25, level 2 due at 73: both at once
        assertThat(f.events()).containsExactly("escalated#2", "escalated#3");
        assertThat(f.last.escalations()).extracting(Escalation::levelName).containsExactly("team", "chair");
        assertThat(f.at(81, drifting("web-1", "0664"), clean("web-2")).escalations())
                .isEmpty();
        assertThat(f.at(97, drifting("web-1", "0664"), clean("web-2")).escalations())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.reminder()).isTrue();
                    assertThat(e.levelName()).isEqualTo("chair");
                });
        assertThat(f.last.events()).as("reminders are mail only").isEmpty();
        assertThat(f.at(98, drifting("web-1", "0664"), clean("web-2")).escalations())
                .isEmpty();
    }

    @Test
    void aConfigWithFewerLevelsThanAStreamReachedKeepsRemindingTheHighestOne() {
        Fleet f = new Fleet();
        f.at(1, drifting("web-1", "0664"), clean("web-2"));
        f.at(80, drifting("web-1", "0664"), clean("web-2")); // level 2 reached
        f.deadlines = new Config.Deadlines(
                Duration.ofHours(24), Map.of(), List.of(DEADLINES.levels().get(0)), Duration.ofHours(24));
        assertThat(f.at(130, drifting("web-1", "0664"), clean("web-2")).escalations())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.reminder()).isTrue();
                    assertThat(e.level()).isEqualTo(1);
                });
    }

    @Test
    void aStandardsOwnDeadlineApplies() {
        Fleet f = new Fleet();
        f.at(
                1,
                Runs.ok("web-1", Runs.drift("file:/etc/motd", "mode", "0664", "unapproved", "pci.yaml")),
                clean("web-2"));
        f.at(
                9,
                Runs.ok("web-1", Runs.drift("file:/etc/motd", "mode", "0664", "unapproved", "pci.yaml")),
                clean("web-2"));
        assertThat(f.events()).containsExactly("escalated#2");
    }

    @Test
    void approvalEndsTheStreamForGoodAndAnExpiredApprovalStartsTheClockAtItsExpiry() {
        Fleet f = new Fleet();
        f.at(1, drifting("web-1", "0664"), clean("web-2"));
        ClassifiedDrift approved = Runs.drift("file:/etc/motd", "mode", "0664", "approved", "base.yaml");
        f.at(2, Runs.ok("web-1", approved), clean("web-2"));
        assertThat(f.events()).containsExactly("resolved#2");
        assertThat(f.last.events().get(0).data()).containsEntry("cause", "approved");
        assertThat(f.follow.all()).isEmpty();
        // CHG-1 expired at hour 20; the run at 30 sees the drift unapproved again
        f.expires.put("CHG-1", hour(20));
        ClassifiedDrift expired = new ClassifiedDrift(
                approved.drift(),
                new Classification("unapproved", "approval-expired", "CHG-1", List.of(), List.of()),
                null,
                null);
        f.at(30, Runs.ok("web-1", expired), clean("web-2"));
        assertThat(f.events()).containsExactly("unapproved_opened#1");
        assertThat(f.at(43, Runs.ok("web-1", expired), clean("web-2")).events()).isEmpty();
        f.at(44, Runs.ok("web-1", expired), clean("web-2"));
        assertThat(f.events()).as("20 + 24 h").containsExactly("escalated#2");
    }

    @Test
    void aRemovedHostResolvesItsStreamsHostRemoved() {
        Fleet f = new Fleet();
        f.at(1, drifting("web-1", "0664"), clean("web-2"));
        f.inventory.remove("web-1");
        f.at(2, clean("web-2"));
        assertThat(f.events()).containsExactly("resolved#2");
        assertThat(f.last.events().get(0).data()).containsEntry("cause", "host-removed");
    }

    @Test
    void aHostNobodyCanAuditEscalatesPastTheDeadlineAndResolvesWhenAuditedAgain() {
        Fleet f = new Fleet();
        f.at(0, clean("web-1"), clean("web-2"));
        f.at(1, clean("web-1"), Runs.failed("web-2"));
        f.at(23, clean("web-1"), Runs.failed("web-2"));
        assertThat(f.last.events()).as("watched silently until its deadline").isEmpty();
        f.at(24, clean("web-1"), Runs.failed("web-2"));
        assertThat(f.events()).containsExactly("escalated#1");
        assertThat(f.last.escalations().get(0).reason()).isEqualTo(Escalation.UNAUDITED);
        assertThat(f.last.escalations().get(0).host()).isEqualTo("web-2");
        assertThat(f.last.overdue().unauditedHosts()).isEqualTo(1);
        f.at(25, clean("web-1"), clean("web-2"));
        assertThat(f.events()).containsExactly("resolved#2");
        assertThat(f.last.events().get(0).data()).containsEntry("cause", "audited");
        // one that recovers in time says nothing
        f.at(26, clean("web-1"), Runs.failed("web-2"));
        f.at(27, clean("web-1"), clean("web-2"));
        assertThat(f.last.events()).isEmpty();
        assertThat(f.follow.all()).isEmpty();
    }

    @Test
    void theFirstRunOnAStoreThatNeverFollowedStartsEachOpenDriftFromWhenItWasFirstSeen() {
        Fleet f = new Fleet();
        f.deadlines = null;
        f.at(1, drifting("web-1", "0664"), clean("web-2"));
        f.follow = null; // an upgraded store: the history is there, the streams are not
        f.deadlines = DEADLINES;
        f.at(30, drifting("web-1", "0664"), clean("web-2"));
        assertThat(f.events()).containsExactly("unapproved_opened#1", "escalated#2");
        assertThat(f.last.events().get(0).data()).containsEntry("baseline", true);
    }

    @Test
    void recordEventsHaveTheirOwnStreamAndExpiringIsSaidOncePerExpiry() {
        Fleet f = new Fleet();
        f.recordChanges = List.of(new ApprovalChanges.Change(
                "CHG-9", "effective", "ab", "standards", null, null, List.of(), List.of("web-1")));
        f.expiring.put("CHG-9", hour(100));
        f.at(1, clean("web-1"), clean("web-2"));
        assertThat(f.events()).containsExactly("record_effective#1", "record_expiring#2");
        assertThat(f.at(2, clean("web-1"), clean("web-2")).events()).isEmpty();
        f.expiring.put("CHG-9", hour(200));
        assertThat(f.at(3, clean("web-1"), clean("web-2")).events()).hasSize(1);
    }

    @Test
    void idsAreTheSameForTheSameInputs() {
        Fleet a = new Fleet();
        Fleet b = new Fleet();
        a.at(1, drifting("web-1", "0664"), clean("web-2"));
        b.at(1, drifting("web-1", "0664"), clean("web-2"));
        assertThat(a.last.events()).isEqualTo(b.last.events());
        StreamEvent e = a.last.events().get(0);
        assertThat(e.deliveryId())
                .isEqualTo(Ids.delivery(e.streamId(), "unapproved_opened", 1))
                .hasSize(32);
        assertThat(e.streamId())
                .isEqualTo(Ids.episode("prod", "web-1", "file:/etc/motd", "mode", hour(1)))
                .startsWith("ep_");
        // pinned: a receiver's stored ids must survive an upgrade
        // pinned (sha256 of "driftwarden.delivery/v1\0ep_0\0resolved\0" + "3\0"): a receiver's stored ids must survive
        // an upgrade
        assertThat(Ids.delivery("ep_0", "resolved", 3)).isEqualTo("0e236a6d86435bf9a9b55f743baf3a5b");
    }
}
