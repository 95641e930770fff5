package io.driftwarden.revert;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.audit.Runs;
import io.driftwarden.collect.LocalTransport;
import io.driftwarden.revert.RevertPlanner.Planned;
import io.driftwarden.standard.ResourceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apply script run for real by /bin/sh on this machine (the tests run as root, as revert does), on plans the
 * planner made from this machine observed by the real probe: hostile names stay data, content is replaced
 * atomically after its digest is checked, a link is never followed, and a failure says which step failed.
 */
class ApplyScriptTest {
    static final LocalTransport LOCAL = new LocalTransport(Duration.ofSeconds(30));

    @TempDir
    Path dir;

    ResourceCheck check(String resources, Path file) {
        return ResourceCheck.run(
                Runs.host("h"),
                ResourceId.parse("file:" + file).orElseThrow(),
                List.of(RevertPlannerTest.standard(
                        resources, Map.of("files/motd", "welcome\n".getBytes(StandardCharsets.UTF_8)))),
                List.of(),
                RevertPlannerTest.ENGINE,
                LOCAL,
                Instant.now());
    }

    static ApplyScript.Result apply(RevertPlan plan) throws Exception {
        return apply(plan, ApplyScript.Keep.STORE);
    }

    static ApplyScript.Result apply(RevertPlan plan, ApplyScript.Keep keep) throws Exception {
        Process p =
                new ProcessBuilder("/bin/sh", "-s").redirectErrorStream(true).start();
        p.getOutputStream().write(ApplyScript.render(plan, keep).getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return ApplyScript.parse(out);
    }

    static PreparedUndo prepared(RevertPlan plan, ResourceCheck before) {
        UndoPlanner.Outcome o = UndoPlanner.prepare(plan, before);
        assertThat(o).isInstanceOf(UndoPlanner.Prepared.class);
        return ((UndoPlanner.Prepared) o).undo();
    }

    static String yamlPath(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void revertsContentAndModeOfAHostileNameAndKeepsWhatItReplaced() throws Exception {
        Path f = dir.resolve("it's \"$(touch pwned)\";`id` x.conf");
        Files.writeString(f, "hotfix\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        String std = "  - file: " + yamlPath(f) + "\n    mode: \"0640\"\n    source: files/motd\n";
        RevertPlan plan = ((Planned) RevertPlanner.plan(check(std, f), null, false)).plan();
        ApplyScript.Result r = apply(plan);
        assertThat(r.completed()).as(r.toString()).isTrue();
        assertThat(r.steps()).extracting(ApplyScript.StepResult::ok).containsExactly(true, true);
        assertThat(Files.readString(f)).isEqualTo("welcome\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .as("the write kept the then-live mode; chmod ran first")
                .isEqualTo("rw-r-----");
        assertThat(r.kept()).containsOnlyKeys(2);
        assertThat(new String(r.kept().get(2), StandardCharsets.UTF_8)).isEqualTo("hotfix\n");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .as("no temporary file left, nothing executed")
                    .containsExactly(f.getFileName().toString());
        }
        assertThat(Path.of("pwned")).doesNotExist();
        assertThat(check(std, f).drifts()).as("the re-check is clean").isEmpty();
    }

    @Test
    void aContentChangedSincePlanningIsNotOverwritten() throws Exception {
        Path f = dir.resolve("app.conf");
        Files.writeString(f, "hotfix\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        String std = "  - file: " + yamlPath(f) + "\n    source: files/motd\n";
        RevertPlan plan = ((Planned) RevertPlanner.plan(check(std, f), null, false)).plan();
        Files.writeString(f, "someone else, meanwhile\n");
        ApplyScript.Result r = apply(plan);
        assertThat(r.completed()).isFalse();
        assertThat(r.steps()).singleElement().satisfies(s -> {
            assertThat(s.ok()).isFalse();
            assertThat(s.message()).isEqualTo("its content changed since the plan");
        });
        assertThat(Files.readString(f)).isEqualTo("someone else, meanwhile\n");
    }

    @Test
    void aLinkThatAppearedAtTheFinalComponentIsNotFollowed() throws Exception {
        Path f = dir.resolve("app.conf");
        Path target = dir.resolve("elsewhere");
        Files.writeString(target, "precious\n");
        Files.writeString(f, "x\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        String std = "  - file: " + yamlPath(f) + "\n    mode: \"0600\"\n";
        RevertPlan plan = ((Planned) RevertPlanner.plan(check(std, f), null, false)).plan();
        Files.delete(f);
        Files.createSymbolicLink(f, target);
        ApplyScript.Result r = apply(plan);
        assertThat(r.steps())
                .singleElement()
                .satisfies(s -> assertThat(s.message()).contains("symlink: not followed"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isNotEqualTo("rw-------");
    }

    @Test
    void removingAFileNeverRemovesADirectory() throws Exception {
        Path f = dir.resolve("99-hotfix");
        Files.writeString(f, "x\n");
        String std = "  - file: " + yamlPath(f) + "\n    ensure: absent\n";
        RevertPlan plan = ((Planned) RevertPlanner.plan(check(std, f), null, false)).plan();
        Files.delete(f);
        Files.createDirectory(f);
        ApplyScript.Result r = apply(plan);
        assertThat(r.steps())
                .singleElement()
                .satisfies(s -> assertThat(s.message()).isEqualTo("a directory is never removed"));
        assertThat(f).isDirectory();
    }

    @Test
    void aSensitiveFilesBytesAreQuarantinedRootOnlyAndTheUndoRestoresThem() throws Exception {
        Path f = dir.resolve("db.key");
        Files.writeString(f, "hotfix secret\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        String std = "  - file: " + yamlPath(f) + "\n    source: files/motd\n";
        ResourceCheck before = check(std, f);
        RevertPlan plan = ((Planned) RevertPlanner.plan(before, null, false)).plan();
        Path q = dir.resolve("quarantine");
        ApplyScript.Result r = apply(plan, ApplyScript.Keep.quarantine(q.toString()));
        assertThat(r.completed()).as(r.toString()).isTrue();
        assertThat(r.kept()).as("a sensitive file's bytes never leave the host").isEmpty();
        Path copy = Path.of(r.quarantined().get(1).path());
        assertThat(copy.getParent()).isEqualTo(q);
        assertThat(Files.readString(copy)).isEqualTo("hotfix secret\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(q)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(f)).isEqualTo("welcome\n");

        PreparedUndo.Undo undo = prepared(plan, before).after(List.of(1), r.kept(), r.quarantined());
        assertThat(undo.manual()).isEmpty();
        assertThat(undo.plan().steps())
                .singleElement()
                .satisfies(s -> assertThat(s.verb()).isEqualTo(Step.Verb.RESTORE));
        RevertPlan stored = PlanJson.read(PlanJson.write(undo.plan()), null, 7);
        assertThat(stored.text())
                .startsWith("undo revert 7: file:" + f)
                .contains("restore " + f + " from its quarantined copy");
        ApplyScript.Result back = apply(stored, ApplyScript.Keep.NONE);
        assertThat(back.completed()).as(back.toString()).isTrue();
        assertThat(Files.readString(f)).isEqualTo("hotfix secret\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-------");

        ApplyScript.Result twice = apply(stored, ApplyScript.Keep.NONE);
        assertThat(twice.steps())
                .singleElement()
                .satisfies(s -> assertThat(s.message()).isEqualTo("its content changed since the plan"));
    }

    @Test
    void anUndoOfAContentRevertWritesTheKeptBytesOnlyOverWhatTheRevertWrote() throws Exception {
        Path f = dir.resolve("app.conf");
        Files.writeString(f, "hotfix\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        String std = "  - file: " + yamlPath(f) + "\n    mode: \"0644\"\n    source: files/motd\n";
        ResourceCheck before = check(std, f);
        RevertPlan plan = ((Planned) RevertPlanner.plan(before, null, false)).plan();
        ApplyScript.Result r = apply(plan);
        assertThat(Files.readString(f)).isEqualTo("welcome\n");
        PreparedUndo.Undo undo = prepared(plan, before).after(List.of(1, 2), r.kept(), r.quarantined());
        RevertPlan stored = PlanJson.read(PlanJson.write(undo.plan()), r.kept().get(2), 3);
        assertThat(stored.steps()).extracting(Step::verb).containsExactly(Step.Verb.WRITE, Step.Verb.CHMOD);
        ApplyScript.Result back = apply(stored, ApplyScript.Keep.NONE);
        assertThat(back.completed()).as(back.toString()).isTrue();
        assertThat(Files.readString(f)).isEqualTo("hotfix\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-rw-rw-");
    }

    @Test
    void anUnmanagedEntryIsRemovedAndTheUndoRecreatesItAsItWas() throws Exception {
        Path d = Files.createDirectory(dir.resolve("drop.d"));
        Path entry = d.resolve("99 hotfix's");
        Files.writeString(entry, "hotfix\n");
        Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rw-r-----"));
        String std = "  - file: " + yamlPath(d) + "\n    ensure: directory\n    exclusive: true\n";
        ResourceCheck check = check(std, d);
        RevertPlan plan = ((Planned) RevertPlanner.plan(check, "unmanaged-entry", false)).plan();
        assertThat(UndoPlanner.prepare(plan, check))
                .as("the entry was not observed: no undo, so no revert")
                .isEqualTo(new UndoPlanner.Refused(
                        "step 1 (" + plan.steps().get(0).shown() + ") could not be undone: the state of " + entry
                                + " before the revert was not observed"));
        ResourceCheck before = check.withStat(LOCAL, UndoPlanner.unobserved(plan, check.observation()));
        PreparedUndo prepared = prepared(plan, before);
        ApplyScript.Result r = apply(plan);
        assertThat(r.completed()).as(r.toString()).isTrue();
        assertThat(entry).doesNotExist();

        PreparedUndo.Undo undo = prepared.after(List.of(1), r.kept(), r.quarantined());
        assertThat(undo.manual()).isEmpty();
        RevertPlan stored = PlanJson.read(PlanJson.write(undo.plan()), r.kept().get(1), 4);
        ApplyScript.Result back = apply(stored, ApplyScript.Keep.NONE);
        assertThat(back.completed()).as(back.toString()).isTrue();
        assertThat(Files.readString(entry)).isEqualTo("hotfix\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)))
                .isEqualTo("rw-r-----");
    }
}
