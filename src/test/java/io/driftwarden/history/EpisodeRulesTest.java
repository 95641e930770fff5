package io.driftwarden.history;

import static io.driftwarden.audit.Runs.drift;
import static io.driftwarden.audit.Runs.failed;
import static io.driftwarden.audit.Runs.hour;
import static io.driftwarden.audit.Runs.notChecked;
import static io.driftwarden.audit.Runs.ok;
import static io.driftwarden.audit.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.DriftCap;
import io.driftwarden.audit.DriftEvent;
import io.driftwarden.audit.DriftKey;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.audit.Runs;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Section 8's episode rules over sequences of runs. */
class EpisodeRulesTest {
    static final Set<String> FLEET = Set.of("web-1", "web-2");
    static final DriftKey K = new DriftKey("web-1", "file:/etc/a", "mode");
    /** base.yaml changed between r1 and r2; other.yaml did not. */
    static final RevisionChanges CHANGES = (from, to, file) -> !from.equals(to) && file.equals("base.yaml");

    static RunHistory.Step step(RunHistory h, AuditResult r) {
        return h.advance(r, FLEET, true, Runs.DAY, CHANGES);
    }

    @Test
    void anEpisodeWhoseDriftIsBeyondTheReportCapStaysOpen() {
        DriftKey entry = new DriftKey("web-1", "file:/etc/cron.d", "unmanaged-entry/job-1");
        RunHistory h = step(
                        RunHistory.EMPTY,
                        run(
                                "r1",
                                hour(1),
                                "rev-1",
                                ok(
                                        "web-1",
                                        drift(
                                                "file:/etc/cron.d",
                                                "unmanaged-entry",
                                                "job-1",
                                                "unapproved",
                                                "base.yaml"))))
                .next();
        assertThat(h.open()).containsKey(entry);
        HostResult capped = new HostResult(
                Runs.host("web-1"),
                HostStatus.UNAPPROVED_DRIFT,
                null,
                null,
                java.util.List.of("base"),
                java.util.List.of(),
                java.util.List.of(),
                java.util.List.of(),
                java.util.List.of(new DriftCap.Elided(
                        io.driftwarden.standard.ResourceId.parse("file:/etc/cron.d")
                                .orElseThrow(),
                        "unmanaged-entry",
                        false,
                        5_000,
                        java.util.List.of())));
        RunHistory.Step next = step(h, run("r2", hour(2), "rev-1", capped));
        assertThat(next.events())
                .as("not resolved: only left out of the report")
                .isEmpty();
        assertThat(next.next().open()).containsKey(entry);
    }

    @Test
    void appearsPersistsAndResolvesByHostWithItsWindow() {
        RunHistory h0 = step(RunHistory.EMPTY, run("a", hour(0), "r1", ok("web-1"), ok("web-2")))
                .next();
        RunHistory.Step s1 = step(h0, run("b", hour(1), "r1", ok("web-1", drift("file:/etc/a", "0644")), ok("web-2")));
        assertThat(s1.events()).extracting(e -> e.event().label()).containsExactly("appeared");
        OpenDrift o = s1.next().open().get(K);
        assertThat(o.firstSeen()).isEqualTo(hour(1));
        assertThat(o.lastCleanAt())
                .as("the change happened between the last clean run and first_seen")
                .isEqualTo(hour(0));
        AuditResult shown =
                io.driftwarden.audit.Runs.shown(s1, run("b", hour(1), "r1", ok("web-1", drift("file:/etc/a", "0644"))));
        assertThat(shown.hosts().get(0).drifts().get(0).firstSeen()).isEqualTo(hour(1));
        assertThat(shown.hosts().get(0).drifts().get(0).lastCleanAt()).isEqualTo(hour(0));

        RunHistory.Step s2 =
                step(s1.next(), run("c", hour(2), "r1", ok("web-1", drift("file:/etc/a", "0644")), ok("web-2")));
        assertThat(s2.events()).isEmpty();
        assertThat(s2.next().open().get(K).firstSeen()).isEqualTo(hour(1));

        RunHistory.Step s3 = step(s2.next(), run("d", hour(3), "r1", ok("web-1"), ok("web-2")));
        assertThat(s3.events()).containsExactly(new DriftEvent(DriftEvent.Kind.RESOLVED, K, "unapproved", "host"));
        assertThat(s3.closed()).singleElement().satisfies(c -> {
            assertThat(c.resolvedBy()).isEqualTo("host");
            assertThat(c.closedAt()).isEqualTo(hour(3));
        });
        assertThat(s3.next().open()).isEmpty();
    }

    static RunHistory.Step step(RunHistory h, AuditResult r, int resolveAfter) {
        return h.advance(r, FLEET, true, new EpisodeRules(Duration.ofHours(24), resolveAfter), CHANGES);
    }

    @Test
    void withResolveAfterAFlappingDriftStaysOneQuietEpisode() {
        RunHistory h = step(RunHistory.EMPTY, run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644"))), 3)
                .next();
        int events = 0;
        String[] pattern = {"clean", "drift", "clean", "clean", "drift", "clean", "drift"};
        for (int i = 0; i < pattern.length; i++) {
            AuditResult r = pattern[i].equals("clean")
                    ? run("r" + i, hour(i + 1), "r1", ok("web-1"))
                    : run("r" + i, hour(i + 1), "r1", ok("web-1", drift("file:/etc/a", "0644")));
            RunHistory.Step s = step(h, r, 3);
            events += s.events().size();
            h = s.next();
            assertThat(h.open()).as("run " + i).containsKey(K);
        }
        assertThat(events).as("never two clean runs in a row... of three").isZero();
        assertThat(h.open().get(K).firstSeen()).isEqualTo(hour(0));
        assertThat(h.open().get(K).flap()).isFalse();

        RunHistory.Step c1 = step(h, run("c1", hour(10), "r1", ok("web-1")), 3);
        assertThat(c1.events()).isEmpty();
        assertThat(c1.next().open().get(K).cleanRuns()).isEqualTo(1);
        assertThat(c1.next().oldestUnapproved())
                .as("a waiting episode is not current drift")
                .isEmpty();
        RunHistory.Step c2 = step(c1.next(), run("c2", hour(11), "r1", ok("web-1")), 3);
        assertThat(c2.events()).isEmpty();
        RunHistory.Step c3 = step(c2.next(), run("c3", hour(12), "r1", ok("web-1")), 3);
        assertThat(c3.events()).containsExactly(new DriftEvent(DriftEvent.Kind.RESOLVED, K, "unapproved", "host"));
        assertThat(c3.closed())
                .singleElement()
                .satisfies(c -> assertThat(c.closedAt()).isEqualTo(hour(12)));
    }

    @Test
    void resolveAfterNeverDelaysAStandardOrInventoryResolution() {
        RunHistory h = step(RunHistory.EMPTY, run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644"))))
                .next();
        RunHistory.Step byStandard = step(h, run("b", hour(1), "r2", ok("web-1")), 5);
        assertThat(byStandard.events())
                .containsExactly(new DriftEvent(DriftEvent.Kind.RESOLVED, K, "unapproved", "standard"));
        RunHistory.Step gone = h.advance(
                run("b", hour(1), "r1"), Set.of("web-2"), true, new EpisodeRules(Duration.ofHours(24), 5), CHANGES);
        assertThat(gone.events())
                .containsExactly(new DriftEvent(DriftEvent.Kind.RESOLVED, K, "unapproved", "inventory"));
    }

    @Test
    void aChangedValueWithinAnEpisodeIsAValueChangeNotANewEpisode() {
        RunHistory h = step(RunHistory.EMPTY, run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644"))))
                .next();
        RunHistory.Step s = step(h, run("b", hour(1), "r1", ok("web-1", drift("file:/etc/a", "0666"))));
        assertThat(s.events()).containsExactly(new DriftEvent(DriftEvent.Kind.VALUE_CHANGED, K, "unapproved", "0644"));
        assertThat(s.next().open().get(K).valueChanges()).isEqualTo(1);
        assertThat(s.next().open().get(K).actual()).isEqualTo("0666");
        assertThat(s.next().open().get(K).firstSeen()).isEqualTo(hour(0));
    }

    @Test
    void aNewRevisionThatChangedTheDeclaringFileResolvesByStandard() {
        RunHistory h = step(RunHistory.EMPTY, run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644"))))
                .next();
        RunHistory.Step s = step(h, run("b", hour(1), "r2", ok("web-1")));
        assertThat(s.events()).containsExactly(new DriftEvent(DriftEvent.Kind.RESOLVED, K, "unapproved", "standard"));
    }

    @Test
    void aNewRevisionThatLeftTheDeclaringFileAloneResolvesByHost() {
        RunHistory h = step(
                        RunHistory.EMPTY,
                        run(
                                "a",
                                hour(0),
                                "r1",
                                ok("web-1", drift("file:/etc/a", "mode", "0644", "unapproved", "other.yaml"))))
                .next();
        RunHistory.Step s = step(h, run("b", hour(1), "r2", ok("web-1")));
        assertThat(s.closed())
                .singleElement()
                .extracting(ClosedEpisode::resolvedBy)
                .isEqualTo("host");
    }

    @Test
    void reopenedWithinTheFlapWindowIsAFlap() {
        RunHistory h = step(RunHistory.EMPTY, run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644"))))
                .next();
        h = step(h, run("b", hour(1), "r1", ok("web-1"))).next();
        RunHistory.Step again = step(h, run("c", hour(2), "r1", ok("web-1", drift("file:/etc/a", "0644"))));
        assertThat(again.events()).containsExactly(new DriftEvent(DriftEvent.Kind.APPEARED, K, "unapproved", "flap"));
        assertThat(again.next().open().get(K).flap()).isTrue();
        assertThat(again.next().open().get(K).firstSeen()).as("a new episode").isEqualTo(hour(2));
        assertThat(again.next().open().get(K).lastCleanAt()).isEqualTo(hour(1));

        RunHistory later =
                step(again.next(), run("d", hour(3), "r1", ok("web-1"))).next();
        RunHistory.Step dayAfter = step(later, run("e", hour(30), "r1", ok("web-1", drift("file:/etc/a", "0644"))));
        assertThat(dayAfter.next().open().get(K).flap())
                .as("reopened after the window")
                .isFalse();
    }

    @Test
    void failedHostsNotCheckedPropertiesAndSubsetsLeaveEpisodesAlone() {
        RunHistory h = step(
                        RunHistory.EMPTY,
                        run(
                                "a",
                                hour(0),
                                "r1",
                                ok("web-1", drift("file:/etc/a", "0644")),
                                ok("web-2", drift("file:/etc/b", "0600"))))
                .next();
        RunHistory.Step failedRun =
                step(h, run("b", hour(1), "r1", failed("web-1"), ok("web-2", drift("file:/etc/b", "0600"))));
        assertThat(failedRun.events()).isEmpty();
        assertThat(failedRun.next().open()).containsKey(K);
        assertThat(failedRun.next().hosts().get("web-1").consecutiveFailures()).isEqualTo(1);

        RunHistory.Step unchecked =
                step(failedRun.next(), run("c", hour(2), "r1", notChecked("web-1", "file:/etc/a", "mode")));
        assertThat(unchecked.events()).isEmpty();
        assertThat(unchecked.next().open().get(K).firstSeen()).isEqualTo(hour(0));

        RunHistory.Step subset = step(unchecked.next(), run("d", hour(3), "r1", ok("web-2")));
        assertThat(subset.events()).extracting(e -> e.key().host()).containsExactly("web-2");
        assertThat(subset.next().open()).containsOnlyKeys(K);
    }

    @Test
    void aHostThatLeftTheInventoryClosesItsEpisodes() {
        RunHistory h = step(RunHistory.EMPTY, run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644"))))
                .next();
        RunHistory.Step s = h.advance(run("b", hour(1), "r1", ok("web-2")), Set.of("web-2"), true, Runs.DAY, CHANGES);
        assertThat(s.events()).containsExactly(new DriftEvent(DriftEvent.Kind.RESOLVED, K, "unapproved", "inventory"));
        assertThat(s.next().hosts()).doesNotContainKey("web-1");
    }

    @Test
    void aHostNoStandardSelectsAnyMoreClosesItsEpisodesUnauditedAndAFailedHostStillClosesNothing() {
        RunHistory h = step(RunHistory.EMPTY, run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644"))))
                .next();
        HostResult uncovered = new HostResult(
                Runs.host("web-1"),
                HostStatus.UNCOVERED,
                null,
                null,
                java.util.List.of(),
                java.util.List.of(),
                java.util.List.of());
        RunHistory.Step s = h.advance(run("b", hour(1), "r2", uncovered), Set.of("web-1"), true, Runs.DAY, CHANGES);
        assertThat(s.events()).containsExactly(new DriftEvent(DriftEvent.Kind.RESOLVED, K, "unapproved", "unaudited"));
        RunHistory.Step f =
                h.advance(run("b", hour(1), "r1", failed("web-1")), Set.of("web-1"), true, Runs.DAY, CHANGES);
        assertThat(f.events()).isEmpty();
    }

    @Test
    void aDriftTheNewRevisionIntroducedHasNoLastCleanRun() {
        RunHistory h =
                step(RunHistory.EMPTY, run("a", hour(0), "r1", ok("web-1"))).next();
        RunHistory.Step s = step(h, run("b", hour(1), "r2", ok("web-1", drift("file:/etc/a", "0644"))));
        assertThat(s.next().open().get(K).lastCleanAt())
                .as("base.yaml changed: the host was never seen clean against it")
                .isNull();
        RunHistory.Step other = step(
                h,
                run("b", hour(1), "r2", ok("web-1", drift("file:/etc/a", "mode", "0644", "unapproved", "other.yaml"))));
        assertThat(other.next().open().get(K).lastCleanAt()).isEqualTo(hour(0));
    }

    @Test
    void reclassificationIsAnEvent() {
        RunHistory h = step(RunHistory.EMPTY, run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644"))))
                .next();
        RunHistory.Step s = step(
                h, run("b", hour(1), "r1", ok("web-1", drift("file:/etc/a", "mode", "0644", "approved", "base.yaml"))));
        assertThat(s.events())
                .containsExactly(new DriftEvent(DriftEvent.Kind.RECLASSIFIED, K, "approved", "unapproved"));
        assertThat(s.next().open().get(K).approval()).isEqualTo("CHG-1");
    }
}
