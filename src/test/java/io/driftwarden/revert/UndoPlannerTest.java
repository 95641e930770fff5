package io.driftwarden.revert;

import static io.driftwarden.diff.Obs.anObservation;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.collect.FileFact;
import io.driftwarden.collect.HostObservation;
import io.driftwarden.collect.Observation;
import io.driftwarden.revert.Step.Verb;
import io.driftwarden.standard.ResourceParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The undo is decided before the revert runs: refused when the state it would restore is unknown, total after. */
class UndoPlannerTest {
    static final String DROP = "  - file: /etc/drop.d\n    ensure: directory\n    exclusive: true\n";

    static FileFact entry(String name, String kind, String mode) {
        return new FileFact(
                "/etc/drop.d/" + name,
                "ok",
                kind,
                mode,
                0L,
                "root",
                4L,
                "adm",
                2L,
                null,
                null,
                kind.equals("link") ? "/etc/elsewhere" : null,
                null);
    }

    static Observation drop(FileFact... entries) {
        var o = anObservation()
                .fact(new FileFact(
                        "/etc/drop.d",
                        "ok",
                        "directory",
                        "0755",
                        0L,
                        "root",
                        0L,
                        "root",
                        4096L,
                        null,
                        null,
                        null,
                        null));
        String[] names = java.util.Arrays.stream(entries)
                .map(f -> f.path().substring("/etc/drop.d/".length()))
                .toArray(String[]::new);
        o.listing("/etc/drop.d", "ok", names);
        return o.build();
    }

    /** The exclusive directory judged with these entries, then the entries stat'ed, as revert does. */
    static ResourceCheck stated(FileFact... entries) {
        return with(RevertPlannerTest.check(DROP, "file:/etc/drop.d", drop(entries), List.of()), entries);
    }

    /** {@code c} with these facts, as a stat through the transport gives them. */
    static ResourceCheck with(ResourceCheck c, FileFact... facts) {
        var o = anObservation();
        java.util.Arrays.stream(facts).forEach(o::fact);
        return checked(c, o.build());
    }

    static ResourceCheck checked(ResourceCheck c, Observation stat) {
        return c.withStat((host, request) -> new HostObservation.Observed(stat), List.of("-"));
    }

    static RevertPlan plan(ResourceCheck c) {
        return ((RevertPlanner.Planned) RevertPlanner.plan(c, "unmanaged-entry", false)).plan();
    }

    static PreparedUndo prepared(RevertPlan plan, ResourceCheck before) {
        UndoPlanner.Outcome o = UndoPlanner.prepare(plan, before);
        assertThat(o).isInstanceOf(UndoPlanner.Prepared.class);
        return ((UndoPlanner.Prepared) o).undo();
    }

    @Test
    void anEntryTheCheckDidNotStatRefusesTheRevertUpFront() {
        Observation o = drop(entry("99-hotfix", "file", "0640"));
        ResourceCheck check = RevertPlannerTest.check(DROP, "file:/etc/drop.d", o, List.of());
        RevertPlan plan = plan(check);
        assertThat(UndoPlanner.unobserved(plan, check.observation())).containsExactly("/etc/drop.d/99-hotfix");
        assertThat(UndoPlanner.prepare(plan, check))
                .isInstanceOf(UndoPlanner.Refused.class)
                .extracting(r -> ((UndoPlanner.Refused) r).reason())
                .asString()
                .contains("could not be undone: the state of /etc/drop.d/99-hotfix before the revert was not observed");

        assertThat(UndoPlanner.prepare(
                        plan, with(check, FileFact.missing("/etc/drop.d/99-hotfix", "permission-denied"))))
                .extracting(r -> ((UndoPlanner.Refused) r).reason())
                .asString()
                .contains("could not be observed (permission-denied)");
    }

    @Test
    void aFifoOrADirectoryEntryIsRefusedALinkComesBackPointingWhereItDid() {
        for (String kind : List.of("fifo", "directory", "socket")) {
            ResourceCheck before = stated(entry("x", kind, "0644"));
            assertThat(UndoPlanner.prepare(plan(before), before))
                    .as(kind)
                    .isInstanceOf(UndoPlanner.Refused.class)
                    .extracting(r -> ((UndoPlanner.Refused) r).reason())
                    .asString()
                    .contains("/etc/drop.d/x is a " + kind);
        }
        ResourceCheck before = stated(entry("l", "link", "0777"));
        PreparedUndo.Undo u = prepared(plan(before), before).after(List.of(1), Map.of(), Map.of());
        assertThat(u.plan().steps()).singleElement().satisfies(s -> {
            assertThat(s.verb()).isEqualTo(Verb.LINK);
            assertThat(s.operands()).containsExactly("/etc/elsewhere", "/etc/drop.d/l");
        });
    }

    @Test
    void twoRemovedEntriesComeBackWithTheirOwnBytesOwnerAndModeThroughTheStoredPlan() {
        ResourceCheck before = stated(entry("a", "file", "0640"), entry("b", "file", "0600"));
        RevertPlan plan = plan(before);
        byte[] a = "aaa\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "b\n".getBytes(StandardCharsets.UTF_8);
        PreparedUndo.Undo u = prepared(plan, before).after(List.of(1, 2), Map.of(1, a, 2, b), Map.of());
        assertThat(u.manual()).isEmpty();
        assertThat(u.plan().steps())
                .extracting(s -> s.operands().get(0) + " " + s.operands().subList(2, 6))
                .as("last removed, first back; each only where the path is still absent")
                .containsExactly("/etc/drop.d/b [-, root, adm, 0600]", "/etc/drop.d/a [-, root, adm, 0640]");

        RevertPlan stored = PlanJson.read(PlanJson.write(u.plan()), PlanJson.kept(u.plan()), 9);
        assertThat(stored.content().get(0)).isEqualTo(b);
        assertThat(stored.content().get(1)).isEqualTo(a);
        assertThat(stored.steps().get(0).operands().get(1)).isEqualTo(ResourceParser.sha256(b));
        assertThat(stored.sha256())
                .isEqualTo(PlanJson.read(PlanJson.write(u.plan()), PlanJson.kept(u.plan()), 9)
                        .sha256());
    }

    @Test
    void afterTheApplyNothingThrowsWhatWasNotKeptIsLeftToTheOperator() {
        ResourceCheck before = stated(entry("a", "file", "0640"), entry("b", "file", "0600"));
        PreparedUndo p = prepared(plan(before), before);
        PreparedUndo.Undo u = p.after(List.of(1, 2), Map.of(2, "b\n".getBytes(StandardCharsets.UTF_8)), Map.of());
        assertThat(u.plan().steps()).hasSize(1);
        assertThat(u.manual())
                .singleElement()
                .asString()
                .startsWith("step 1 (remove /etc/drop.d/a")
                .endsWith("the replaced bytes were not kept");

        PreparedUndo.Undo quarantined =
                p.after(List.of(1), Map.of(), Map.of(1, new ApplyScript.Copy("/q/1.a", "ab".repeat(32))));
        assertThat(quarantined.plan().steps()).singleElement().satisfies(s -> {
            assertThat(s.verb()).isEqualTo(Verb.RESTORE);
            assertThat(s.operands())
                    .containsExactly("/etc/drop.d/a", "ab".repeat(32), "-", "root", "adm", "0640", "/q/1.a");
        });
        assertThat(p.after(List.of(1), Map.of(), Map.of(1, new ApplyScript.Copy("/q/1.a", null)))
                        .manual())
                .singleElement()
                .asString()
                .contains("the digest of the quarantined copy /q/1.a is unknown");
        assertThat(p.after(List.of(), Map.of(), Map.of()).plan().steps())
                .as("nothing ran, nothing to undo")
                .isEmpty();
    }

    @Test
    void theApplyOutputIsReadWithoutThrowingAndAMalformedLineMeansNotCompleted() {
        ApplyScript.Result r =
                ApplyScript.parse("KEPT 1 %%%not-base64\nSTEP x OK\nQUARANTINED 2 zz\nSTEP 1 OK\nEND ok\n");
        assertThat(r.completed()).isFalse();
        assertThat(r.unreadable()).hasSize(3);
        assertThat(r.steps()).singleElement().satisfies(s -> assertThat(s.ok()).isTrue());
        ApplyScript.Result q = ApplyScript.parse("QUARANTINED 1 2f71 " + "cd".repeat(32) + "\nSTEP 1 OK\nEND ok\n");
        assertThat(q.completed()).isTrue();
        assertThat(q.quarantined()).containsEntry(1, new ApplyScript.Copy("/q", "cd".repeat(32)));
    }

    @Test
    void aPlanStoredBeforeLengthsExistedStillReads() {
        String old =
                "{\"host\":\"h\",\"resource\":\"file:/etc/motd\",\"properties\":[],\"steps\":[{\"verb\":\"WRITE\",\"operands\":"
                        + "[\"/etc/motd\",\"x\",\"y\",\"root\",\"root\",\"0644\"],\"shown\":\"write\"}]}";
        assertThat(PlanJson.read(old, "old\n".getBytes(StandardCharsets.UTF_8), 3)
                        .content()
                        .get(0))
                .asString()
                .isEqualTo("old\n");
    }
}
