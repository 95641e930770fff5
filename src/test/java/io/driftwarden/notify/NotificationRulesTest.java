package io.driftwarden.notify;

import static io.driftwarden.audit.Runs.drift;
import static io.driftwarden.audit.Runs.hour;
import static io.driftwarden.audit.Runs.ok;
import static io.driftwarden.audit.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.config.Config;
import io.driftwarden.history.EpisodeRules;
import io.driftwarden.history.RunHistory;
import io.driftwarden.schedule.CronWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Flaps (news, never muted), the unapproved-only policy, maintenance windows and routes: who hears of a run, and when. */
class NotificationRulesTest {
    static final Set<String> FLEET = Set.of("web-1", "web-2");

    static RunHistory.Step step(RunHistory h, AuditResult r) {
        return h.advance(r, FLEET, true, io.driftwarden.audit.Runs.DAY, (a, b, f) -> false);
    }

    @Test
    void aFlapIsMarkedAndMailedAsNews() {
        RunHistory h = RunHistory.EMPTY;
        RunHistory.Step first =
                step(h, run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644")), ok("web-2")));
        AuditResult r = run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644")), ok("web-2"));
        assertThat(MailPolicy.shouldReport(io.driftwarden.config.MailPolicyName.CHANGES, r, first))
                .isTrue();
        RunHistory.Step clean = step(first.next(), run("b", hour(1), "r1", ok("web-1"), ok("web-2")));
        RunHistory.Step again =
                step(clean.next(), run("c", hour(2), "r1", ok("web-1", drift("file:/etc/a", "0644")), ok("web-2")));
        assertThat(again.events())
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("flap"));
        assertThat(again.next().open().values())
                .singleElement()
                .satisfies(o -> assertThat(o.previousClosedAt()).isEqualTo(hour(1)));
        AuditResult rc = run("c", hour(2), "r1", ok("web-1", drift("file:/etc/a", "0644")), ok("web-2"));
        assertThat(MailPolicy.shouldReport(io.driftwarden.config.MailPolicyName.CHANGES, rc, again))
                .as("a reverted hotfix re-applied is news")
                .isTrue();
        assertThat(MailPolicy.shouldReport(io.driftwarden.config.MailPolicyName.UNAPPROVED, rc, again))
                .as("unapproved drift appeared, again")
                .isTrue();
        assertThat(io.driftwarden.audit.Runs.shown(again, rc)
                        .hosts()
                        .get(0)
                        .drifts()
                        .get(0)
                        .flap())
                .isEqualTo(new ClassifiedDrift.Flap(hour(1)));

        AuditResult changed = run("d", hour(3), "r1", ok("web-1", drift("file:/etc/a", "0600")), ok("web-2"));
        RunHistory.Step value = step(again.next(), changed);
        assertThat(value.events()).extracting(e -> e.event().label()).containsExactly("value_changed");
        assertThat(MailPolicy.shouldReport(io.driftwarden.config.MailPolicyName.CHANGES, changed, value))
                .as("the open hotfix changed again")
                .isTrue();
        assertThat(MailPolicy.shouldReport(io.driftwarden.config.MailPolicyName.UNAPPROVED, changed, value))
                .as("nothing new to act on")
                .isFalse();
        assertThat(io.driftwarden.audit.Runs.shown(value, changed)
                        .hosts()
                        .get(0)
                        .drifts()
                        .get(0)
                        .flap())
                .as("still the flapped episode")
                .isNotNull();

        RunHistory.Step cleanAgain = step(value.next(), run("e", hour(4), "r1", ok("web-1"), ok("web-2")));
        assertThat(MailPolicy.shouldReport(
                        io.driftwarden.config.MailPolicyName.CHANGES,
                        run("e", hour(4), "r1", ok("web-1"), ok("web-2")),
                        cleanAgain))
                .as("and so is its resolution")
                .isTrue();
    }

    @Test
    void aDriftReopenedAfterTheFlapWindowIsNoFlap() {
        EpisodeRules hour = new EpisodeRules(Duration.ofMinutes(59), 1);
        RunHistory h = RunHistory.EMPTY
                .advance(
                        run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644"))),
                        FLEET,
                        true,
                        hour,
                        (a, b, f) -> false)
                .next();
        h = h.advance(run("b", hour(1), "r1", ok("web-1")), FLEET, true, hour, (a, b, f) -> false)
                .next();
        RunHistory.Step again = h.advance(
                run("c", hour(2), "r1", ok("web-1", drift("file:/etc/a", "0644"))),
                FLEET,
                true,
                hour,
                (a, b, f) -> false);
        assertThat(again.events())
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isNull());
        assertThat(again.next().open().values()).singleElement().satisfies(o -> {
            assertThat(o.flap()).isFalse();
            assertThat(o.previousClosedAt()).isNull();
        });
    }

    @Test
    void theUnapprovedPolicyMailsOnlyWhatOpsMustActOn() {
        AuditResult approved =
                run("a", hour(0), "r1", ok("web-1", drift("sysctl:x", "value", "1", "approved", "base.yaml")));
        RunHistory.Step s = step(RunHistory.EMPTY, approved);
        assertThat(MailPolicy.shouldReport(io.driftwarden.config.MailPolicyName.CHANGES, approved, s))
                .isTrue();
        assertThat(MailPolicy.shouldReport(io.driftwarden.config.MailPolicyName.UNAPPROVED, approved, s))
                .isFalse();
        AuditResult lapsed =
                run("b", hour(1), "r1", ok("web-1", drift("sysctl:x", "value", "1", "unapproved", "base.yaml")));
        RunHistory.Step s2 = step(s.next(), lapsed);
        assertThat(MailPolicy.shouldReport(io.driftwarden.config.MailPolicyName.UNAPPROVED, lapsed, s2))
                .as("reclassified to unapproved")
                .isTrue();
        RunHistory.Step s3 = step(s2.next(), run("c", hour(2), "r1", ok("web-1")));
        assertThat(MailPolicy.shouldReport(
                        io.driftwarden.config.MailPolicyName.UNAPPROVED, run("c", hour(2), "r1", ok("web-1")), s3))
                .as("a resolution")
                .isFalse();
    }

    static final CronWindow TUESDAY_2H =
            new CronWindow("patching", "0 0 2 ? * TUE", Duration.ofHours(2), ZoneId.of("UTC"));

    @Test
    void cronWindowsOpenAndClose() {
        Instant tue = Instant.parse("2026-11-24T02:00:00Z");
        assertThat(TUESDAY_2H.openAt(tue)).contains(tue);
        assertThat(TUESDAY_2H.openAt(tue.plusSeconds(7199))).contains(tue);
        assertThat(TUESDAY_2H.openAt(tue.plusSeconds(7200)))
                .as("the end is outside")
                .isEmpty();
        assertThat(TUESDAY_2H.openAt(tue.minusSeconds(1))).isEmpty();
        assertThat(TUESDAY_2H.nextAfter(tue)).contains(Instant.parse("2026-12-01T02:00:00Z"));
        CronWindow berlin = new CronWindow("b", "0 0 2 ? * TUE", Duration.ofHours(1), ZoneId.of("Europe/Berlin"));
        assertThat(berlin.openAt(Instant.parse("2026-11-24T01:30:00Z")))
                .contains(Instant.parse("2026-11-24T01:00:00Z"));
    }

    @Test
    void aWindowHoldsReportsAndReportsOnlyWhatItLeftBehind() {
        Instant in = Instant.parse("2026-11-24T02:00:00Z");
        Instant after = Instant.parse("2026-11-24T04:00:00Z");
        RunHistory.Step s = step(RunHistory.EMPTY, run("a", in, "r1", ok("web-1", drift("file:/etc/a", "0644"))));
        assertThat(MaintenanceHold.decide(List.of(TUESDAY_2H), in, null, s.next(), true)
                        .decision())
                .isEqualTo(MaintenanceHold.Decision.HOLD);
        // still drifting after the window: one report, even though nothing changed in that run
        RunHistory.Step left = step(s.next(), run("b", after, "r1", ok("web-1", drift("file:/etc/a", "0644"))));
        assertThat(left.events()).isEmpty();
        MaintenanceHold.Verdict v = MaintenanceHold.decide(List.of(TUESDAY_2H), after, in, left.next(), false);
        assertThat(v.decision()).isEqualTo(MaintenanceHold.Decision.SEND);
        assertThat(v.window().name()).isEqualTo("patching");
        // cleaned up inside the window: no one is paged
        RunHistory.Step cleaned = step(s.next(), run("b", Instant.parse("2026-11-24T03:00:00Z"), "r1", ok("web-1")));
        RunHistory.Step next = step(cleaned.next(), run("c", after, "r1", ok("web-1")));
        assertThat(MaintenanceHold.decide(
                                List.of(TUESDAY_2H), after, Instant.parse("2026-11-24T03:00:00Z"), next.next(), false)
                        .decision())
                .isEqualTo(MaintenanceHold.Decision.SKIP);
        // and the run after that is back to normal
        assertThat(MaintenanceHold.decide(List.of(TUESDAY_2H), after.plusSeconds(3600), after, left.next(), false)
                        .decision())
                .isEqualTo(MaintenanceHold.Decision.SKIP);
    }

    @Test
    void routesAddRecipientsForHostsWithNotableChanges() {
        List<Config.Route> routes = List.of(
                new Config.Route(List.of("web"), List.of(), List.of("web-ops@example.com")),
                new Config.Route(List.of(), List.of("db"), List.of("dba@example.com")));
        AuditResult r = run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644")), ok("web-2"));
        RunHistory.Step s = step(RunHistory.EMPTY, r);
        // Runs' hosts select standard "base" only and have no groups: no route matches
        assertThat(Routing.recipients(routes, r, MailPolicy.notable(io.driftwarden.config.MailPolicyName.CHANGES, s)))
                .isEmpty();
        List<Config.Route> byBase =
                List.of(new Config.Route(List.of("base"), List.of(), List.of("base-ops@example.com")));
        assertThat(Routing.recipients(byBase, r, MailPolicy.notable(io.driftwarden.config.MailPolicyName.CHANGES, s)))
                .containsExactly("base-ops@example.com");
        assertThat(Routing.recipients(byBase, r, List.of())).isEmpty();
    }
}
