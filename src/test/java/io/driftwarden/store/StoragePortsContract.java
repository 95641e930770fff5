package io.driftwarden.store;

import static io.driftwarden.audit.Runs.drift;
import static io.driftwarden.audit.Runs.hour;
import static io.driftwarden.audit.Runs.ok;
import static io.driftwarden.audit.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.admission.AcceptedRevisions;
import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.IndexFloor;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.DriftKey;
import io.driftwarden.audit.Runs;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.history.RevisionChanges;
import io.driftwarden.history.RunHistory;
import io.driftwarden.inventory.InventoryDiff;
import io.driftwarden.notify.OutgoingMail;
import io.driftwarden.remedy.EvidenceJournal;
import io.driftwarden.revert.Evidence;
import io.driftwarden.run.MailQueue;
import io.driftwarden.run.RunJournal;
import io.driftwarden.signoff.Accepted;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One contract for the storage ports the pipeline, the daemon and the remedies own, run against the in-memory fake
 * ({@link InMemoryStorageTest}), H2 ({@link JdbcStorageH2Test}) and a real PostgreSQL ({@link JdbcStoragePostgresIT}):
 * what a run records is what the next run reads back, whatever keeps it.
 */
abstract class StoragePortsContract {
    static final Set<String> FLEET = Set.of("web-1", "web-2");
    static final DriftKey A = new DriftKey("web-1", "file:/etc/a", "mode");

    /** The ports over one fresh, empty storage. */
    record Ports(
            RunJournal journal,
            MailQueue mail,
            EvidenceJournal evidence,
            AcceptedRevisions revisions,
            io.driftwarden.run.WebhookQueue webhooks,
            AutoCloseable closer) {}

    abstract Ports open() throws Exception;

    Ports ports;

    @BeforeEach
    void fresh() throws Exception {
        ports = open();
    }

    @AfterEach
    void close() throws Exception {
        ports.closer().close();
    }

    RunJournal.Recorded record(AuditResult r, String outcome) {
        return record(r, outcome, null, null, Map.of());
    }

    RunJournal.Recorded record(
            AuditResult r,
            String outcome,
            Accepted accept,
            BundleFiles files,
            Map<String, InventoryDiff.Entry> inventory) {
        return ports.journal()
                .record(
                        new RunJournal.Recording(r, outcome, accept, files, inventory, Instant.EPOCH),
                        before -> new RunJournal.Entry(
                                before.history().advance(r, FLEET, true, Runs.DAY, before.changes()),
                                r.approvals().advance(before.flags(), r.evaluatedAt())));
    }

    @Test
    void whatARunRecordsIsTheHistoryTheNextRunReads() {
        assertThat(ports.journal().history()).isEqualTo(RunHistory.EMPTY);
        record(run("r0", hour(0), "r1", ok("web-1"), ok("web-2")), "success");
        RunJournal.Recorded second =
                record(run("r1", hour(1), "r1", ok("web-1", drift("file:/etc/a", "0644")), ok("web-2")), "success");
        assertThat(second.before().history().lastRun())
                .as("the step starts from the stored history")
                .isEqualTo(hour(0));
        RunHistory back = ports.journal().history();
        assertThat(back.open()).containsOnlyKeys(A);
        assertThat(back.open().get(A).firstSeen()).isEqualTo(hour(1));
        assertThat(back.open().get(A).lastCleanAt())
                .as("the change happened after the last clean run")
                .isEqualTo(hour(0));
        assertThat(back.lastRun()).isEqualTo(hour(1));
        assertThat(back.lastSuccess()).isEqualTo(hour(1));
        assertThat(back.hosts().get("web-1").lastOkAt()).isEqualTo(hour(1));

        record(run("r2", hour(2), "r1", ok("web-1"), ok("web-2")), "success");
        assertThat(ports.journal().history().open()).as("resolved on the host").isEmpty();
        assertThat(ports.journal().history().recentlyClosed()).containsOnlyKeys(A);
        assertThat(ports.journal().touchedSince(hour(0))).singleElement().satisfies(e -> {
            assertThat(e.resolvedBy()).isEqualTo("host");
            assertThat(e.closedAt()).isEqualTo(hour(2));
        });
        assertThat(ports.journal().firstRun()).contains(hour(0));
        RunJournal.Before now = ports.journal().current();
        assertThat(now.history())
                .as("a preview starts where the next run would")
                .isEqualTo(ports.journal().history());
        assertThat(now.revertsSinceLastRun()).isEmpty();
    }

    @Test
    void theApprovalsIndexFloorOnlyRisesAndTheLastGoodCopyIsKept() {
        assertThat(ports.revisions().indexFloors())
                .as("a fresh store remembers no approvals")
                .isEmpty();
        AuditResult r0 = run("r0", hour(0), "r1", ok("web-1"));
        IndexFloor two = new IndexFloor("standards", 2, "sha256:" + "b".repeat(64), "serial: 2\n".getBytes());
        ApprovalsSource kept = ApprovalsSource.read(
                "standards", "standards/approvals", Map.of("CHG-1.yaml", "id: CHG-1\n".getBytes()), List.of());
        ApprovalsSource same = ApprovalsSource.read(
                "standards", "elsewhere", Map.of("CHG-1.yaml", "id: CHG-1\n".getBytes()), List.of());
        ports.journal()
                .record(
                        new RunJournal.Recording(
                                r0, "success", null, null, List.of(two), List.of(kept), Map.of(), Instant.EPOCH),
                        before -> new RunJournal.Entry(
                                before.history().advance(r0, FLEET, true, Runs.DAY, before.changes()), Map.of()));
        AuditResult r1 = run("r1", hour(1), "r1", ok("web-1"));
        IndexFloor one = new IndexFloor("standards", 1, "sha256:" + "a".repeat(64), "serial: 1\n".getBytes());
        IndexFloor dir = new IndexFloor("approvals_dir", 7, "sha256:" + "c".repeat(64), "serial: 7\n".getBytes());
        ports.journal()
                .record(
                        new RunJournal.Recording(
                                r1, "success", null, null, List.of(one, dir), List.of(same), Map.of(), Instant.EPOCH),
                        before -> new RunJournal.Entry(
                                before.history().advance(r1, FLEET, true, Runs.DAY, before.changes()), Map.of()));
        Map<String, IndexFloor> floors = ports.revisions().indexFloors();
        assertThat(floors).containsOnlyKeys("standards", "approvals_dir");
        assertThat(floors.get("standards").serial())
                .as("a lower serial never lowers the floor")
                .isEqualTo(2);
        assertThat(floors.get("standards").digest()).isEqualTo(two.digest());
        assertThat(new String(floors.get("standards").index())).isEqualTo("serial: 2\n");
        assertThat(floors.get("approvals_dir").serial()).isEqualTo(7);
        ApprovalsSource back = ports.revisions().lastGood("standards").orElseThrow();
        assertThat(back.files()).containsOnlyKeys("CHG-1.yaml");
        assertThat(new String(back.files().get("CHG-1.yaml"))).isEqualTo("id: CHG-1\n");
        assertThat(back.digest()).isEqualTo(kept.digest());
        assertThat(ports.revisions().lastGood("approvals_dir")).isEmpty();
    }

    @Test
    void whatIsApprovedIsKeptAndItsChangesLoggedInAChain() {
        AuditResult r0 = run("r0", hour(0), "r1", ok("web-1"));
        var effective = new io.driftwarden.approval.ApprovalChanges.State("sha256:a", "effective", null);
        var change = new io.driftwarden.approval.ApprovalChanges.Change(
                "CHG-1",
                "effective",
                "sha256:a",
                "standards",
                null,
                "",
                List.of(new io.driftwarden.approval.RecordVerdict.Signer("carol@example.com", "SHA256:x")),
                List.of("web-1"));
        ports.journal()
                .record(
                        new RunJournal.Recording(r0, "success", null, null, Map.of(), Instant.EPOCH),
                        before -> new RunJournal.Entry(
                                before.history().advance(r0, FLEET, true, Runs.DAY, before.changes()),
                                Map.of(),
                                Map.of("CHG-1", effective),
                                List.of(change)));
        AuditResult r1 = run("r1", hour(1), "r1", ok("web-1"));
        RunJournal.Recorded second = ports.journal()
                .record(
                        new RunJournal.Recording(r1, "success", null, null, Map.of(), Instant.EPOCH),
                        before -> new RunJournal.Entry(
                                before.history().advance(r1, FLEET, true, Runs.DAY, before.changes()), Map.of()));
        assertThat(second.before().approvals()).containsExactly(Map.entry("CHG-1", effective));
        assertThat(ports.journal().current().approvals())
                .as("an entry that leaves what is approved as it was")
                .containsOnlyKeys("CHG-1");
        assertThat(ports.journal().approvalLog("CHG-1")).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("effective");
            assertThat(e.runId()).isEqualTo("r0");
            assertThat(e.signers()).isEqualTo("carol@example.com SHA256:x");
            assertThat(e.hosts()).isEqualTo("1: web-1");
        });
        assertThat(ports.journal().approvalLog("CHG-2")).isEmpty();
        assertThat(ports.journal().verifyApprovalLog()).isEmpty();
        assertThat(ports.revisions().selfApproved()).isEmpty();
        ports.journal().keepSelfApproved(Map.of("CHG-1", "sha256:a"), hour(2));
        ports.journal().keepSelfApproved(Map.of("CHG-1", "sha256:a"), hour(3));
        assertThat(ports.revisions().selfApproved()).containsExactly("CHG-1 sha256:a");
    }

    @Test
    void theFollowUpStreamsAreKeptWithTheRunAndLeftAloneByARunThatDoesNotFollow() {
        assertThat(ports.journal().current().followUp())
                .as("a fresh store never followed")
                .isNull();
        var stream = new io.driftwarden.followup.Stream(
                "ep_1",
                io.driftwarden.followup.Stream.Kind.EPISODE,
                "web-1\u001ffile:/etc/a\u001fmode",
                hour(0),
                hour(0),
                "base",
                1,
                hour(25),
                3,
                io.driftwarden.followup.Stream.State.RESOLVED,
                "reverted",
                hour(26),
                "x");
        var record = new io.driftwarden.followup.Stream(
                "rec_1",
                io.driftwarden.followup.Stream.Kind.RECORD,
                "CHG-1",
                hour(0),
                null,
                null,
                0,
                null,
                2,
                io.driftwarden.followup.Stream.State.OPEN,
                null,
                null,
                null);
        var next = new io.driftwarden.followup.FollowUp(Map.of("ep_1", stream, "rec_1", record));
        AuditResult r0 = run("r0", hour(0), "r1", ok("web-1"));
        ports.journal()
                .record(
                        new RunJournal.Recording(r0, "success", null, null, Map.of(), Instant.EPOCH),
                        before -> new RunJournal.Entry(
                                before.history().advance(r0, FLEET, true, Runs.DAY, before.changes()),
                                Map.of(),
                                null,
                                List.of(),
                                new io.driftwarden.followup.FollowUpStep.Step(next, List.of(), List.of(), null)));
        assertThat(ports.journal().current().followUp()).isEqualTo(next);
        record(run("r1", hour(1), "r1", ok("web-1")), "success");
        assertThat(ports.journal().current().followUp()).as("left as it was").isEqualTo(next);
        AuditResult r2 = run("r2", hour(2), "r1", ok("web-1"));
        ports.journal()
                .record(
                        new RunJournal.Recording(r2, "success", null, null, Map.of(), Instant.EPOCH),
                        before -> new RunJournal.Entry(
                                before.history().advance(r2, FLEET, true, Runs.DAY, before.changes()),
                                Map.of(),
                                null,
                                List.of(),
                                new io.driftwarden.followup.FollowUpStep.Step(
                                        io.driftwarden.followup.FollowUp.NONE, List.of(), List.of(), null)));
        assertThat(ports.journal().current().followUp())
                .as("followed, and nothing to follow: not the same as never followed")
                .isEqualTo(io.driftwarden.followup.FollowUp.NONE);
    }

    void recordHooks(String runId, int hour, List<io.driftwarden.run.WebhookQueue.Queued> hooks) {
        AuditResult r = run(runId, hour(hour), "r1", ok("web-1"));
        ports.journal()
                .record(
                        new RunJournal.Recording(r, "success", null, null, Map.of(), Instant.EPOCH),
                        before -> new RunJournal.Entry(
                                before.history().advance(r, FLEET, true, Runs.DAY, before.changes()),
                                Map.of(),
                                null,
                                List.of(),
                                null,
                                hooks));
    }

    static io.driftwarden.run.WebhookQueue.Queued hook(String endpoint, String stream, long seq, String event) {
        return new io.driftwarden.run.WebhookQueue.Queued(
                endpoint, stream + "-" + seq, stream, seq, event, "{\"seq\":" + seq + "}");
    }

    @Test
    void webhookEventsLeaveInStreamOrderCoalesceUntriedValueChangesAndADeadOneNoLongerBlocks() {
        var q = ports.webhooks();
        recordHooks(
                "r0",
                0,
                List.of(
                        hook("itsm", "ep_a", 1, "unapproved_opened"),
                        hook("itsm", "ep_a", 2, "value_changed"),
                        hook("itsm", "ep_a", 3, "value_changed"),
                        hook("itsm", "ep_a", 4, "value_changed"),
                        hook("itsm", "ep_b", 1, "unapproved_opened"),
                        hook("chat", "ep_a", 1, "unapproved_opened")));
        var due = q.due("itsm", hour(0), 10);
        assertThat(due).extracting(d -> d.streamId() + "#" + d.seq()).containsExactly("ep_a#1", "ep_b#1");
        assertThat(q.stats().get("itsm").pending()).isEqualTo(6 - 1 - 0L);
        q.delivered(due.get(0).id(), 200, hour(0));
        q.retry(due.get(1).id(), 503, "HTTP 503", hour(2), false);
        var next = q.due("itsm", hour(1), 10);
        assertThat(next)
                .as("three untried value changes fold into the newest; ep_b waits for its retry")
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.seq()).isEqualTo(4);
                    assertThat(d.coalescedSeqs()).containsExactly(2L, 3L);
                    assertThat(d.deliveryId()).isEqualTo("ep_a-4");
                });
        q.dead(next.get(0).id(), 422, "HTTP 422", hour(1));
        assertThat(q.deadLetters("itsm")).extracting(d -> d.seq()).containsExactly(4L);
        recordHooks("r1", 1, List.of(hook("itsm", "ep_a", 5, "resolved")));
        assertThat(q.due("itsm", hour(2), 10))
                .as("a dead event holds its stream back no longer")
                .extracting(d -> d.streamId() + "#" + d.seq())
                .containsExactly("ep_a#5", "ep_b#1");
        var stats = q.stats();
        assertThat(stats.get("itsm").dead()).isEqualTo(1);
        assertThat(stats.get("itsm").pending()).isEqualTo(2);
        assertThat(stats.get("chat").pending()).isEqualTo(1);
        assertThat(stats.get("itsm").oldestPending()).isEqualTo(hour(0));
    }

    @Test
    void aNulInHostTextIsKeptShownNotRefused() {
        // PostgreSQL refuses NUL in text: a host's value must never stop the run from being recorded
        RunJournal.Recorded done =
                record(run("r0", hour(0), "r1", ok("web-1", drift("file:/etc/a", "06\u000044"))), "success");
        assertThat(done.entry().step().events()).hasSize(1);
        assertThat(ports.journal().history().open().get(A).actual()).isIn("06\\x0044", "06\u000044");
    }

    @Test
    void aRunIsRecordedWholeOrNotAtAll() {
        AuditResult r = run("r0", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644")));
        assertThatThrownBy(() -> ports.journal()
                        .record(new RunJournal.Recording(r, "success", null, null, Map.of(), Instant.EPOCH), before -> {
                            throw new IllegalStateException("a step that fails");
                        }))
                .hasMessageContaining("a step that fails");
        assertThat(ports.journal().history()).isEqualTo(RunHistory.EMPTY);
        assertThat(ports.journal().outcome("r0")).isEmpty();
        assertThat(ports.journal().firstRun()).isEmpty();
    }

    @Test
    void outcomesAndFailedRunsAreKept() {
        record(run("r0", hour(0), "r1", ok("web-1")), "partial");
        assertThat(ports.journal().outcome("r0")).contains("partial");
        ports.journal().markFailed("r0");
        assertThat(ports.journal().outcome("r0"))
                .as("a recorded run whose report was lost")
                .contains("failure");
        ports.journal().saveFailedRun("r1", hour(1), hour(1).plusSeconds(5));
        assertThat(ports.journal().outcome("r1")).contains("failure");
        assertThat(ports.journal().history().lastRun())
                .as("the failed hour counts as a run")
                .isEqualTo(hour(1));
        assertThat(ports.journal().history().lastSuccess())
                .as("neither it nor the run marked failed is a success")
                .isNull();
        record(run("r2", hour(2), "r1", ok("web-1")), "success");
        assertThat(ports.journal().history().lastSuccess()).isEqualTo(hour(2));
        assertThat(ports.journal().outcome("nope")).isEmpty();
    }

    @Test
    void flagsAndTheInventoryCarryFromRunToRun() {
        Map<String, InventoryDiff.Entry> inventory =
                new TreeMap<>(Map.of("web-1", new InventoryDiff.Entry("192.0.2.1", "ssh", "web")));
        assertThat(ports.journal().inventorySnapshot()).isEmpty();
        record(run("r0", hour(0), "r1", ok("web-1")), "success", null, null, inventory);
        assertThat(ports.journal().inventorySnapshot()).contains(inventory);
    }

    @Test
    void anAcceptedRevisionIsKeptWithItsExactBytes() {
        BundleFiles v1 = files(Map.of("SIGNOFF", "one\n", "base.yaml", "a: 1\n"));
        BundleFiles v2 = files(Map.of("SIGNOFF", "two\n", "base.yaml", "a: 1\n", "web.yaml", "b: 2\n"));
        assertThat(ports.revisions().accepted()).isEmpty();
        record(run("r0", hour(0), "d1", ok("web-1")), "success", new Accepted(1, "d1"), v1, Map.of());
        record(run("r1", hour(1), "d2", ok("web-1")), "success", new Accepted(2, "d2"), v2, Map.of());
        record(run("r2", hour(2), "d2", ok("web-1")), "success", new Accepted(2, "d2"), v2, Map.of());
        assertThat(ports.revisions().accepted()).contains(new Accepted(2, "d2"));
        BundleFiles back = ports.revisions().acceptedBytes(Path.of("standards")).orElseThrow();
        assertThat(back.dir()).isEqualTo(Path.of("standards"));
        assertThat(back.paths()).containsExactly("SIGNOFF", "base.yaml", "web.yaml");
        assertThat(new String(back.get("web.yaml").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("b: 2\n");
        RevisionChanges changes = ports.journal().revisionChanges();
        assertThat(changes.fileChanged("d1", "d2", "base.yaml"))
                .as("same bytes in both")
                .isFalse();
        assertThat(changes.fileChanged("d1", "d2", "SIGNOFF")).isTrue();
        assertThat(changes.fileChanged("d1", "d2", "web.yaml")).as("new in d2").isTrue();
        assertThat(changes.fileChanged("d1", "unknown", "base.yaml"))
                .as("a revision not kept")
                .isTrue();
    }

    static BundleFiles files(Map<String, String> text) {
        Map<String, byte[]> bytes = new TreeMap<>();
        text.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return new BundleFiles(Path.of("/srv/standards"), bytes, List.of());
    }

    @Test
    void theOutboxKeepsMailsUntilSentAndCoalescesReportsOnly() {
        Instant t = hour(0);
        MailQueue q = ports.mail();
        for (String run : List.of("r1", "r2")) {
            assertThat(q.enqueue(mail("<" + run + ".prod@driftwarden>", OutgoingMail.REPORT, run, List.of("a@x")), t))
                    .as("one report waits however many are queued")
                    .isEqualTo(1);
        }
        assertThat(q.enqueue(
                        mail("<r3.prod@driftwarden>", OutgoingMail.REPORT, "r3", List.of("b@x")), t.plusSeconds(1)))
                .isEqualTo(1);
        assertThat(q.enqueue(mail("<security-x.prod@driftwarden>", OutgoingMail.SECURITY, null, List.of()), t))
                .isEqualTo(2);
        assertThat(q.enqueue(mail("<security-x.prod@driftwarden>", OutgoingMail.SECURITY, null, List.of()), t))
                .as("once per Message-ID")
                .isEqualTo(-1);
        assertThat(q.pending()).as("a security mail and one report").isEqualTo(2);
        assertThat(q.lastQueued(OutgoingMail.REPORT)).contains(t.plusSeconds(1));
        assertThat(q.lastQueued(OutgoingMail.DIGEST)).isEmpty();

        List<OutgoingMail> due = q.due(t.plusSeconds(1));
        assertThat(due)
                .extracting(OutgoingMail::messageId)
                .containsExactly("<security-x.prod@driftwarden>", "<r3.prod@driftwarden>");
        assertThat(due.get(1).supersedes()).containsExactly("r1", "r2");
        assertThat(due.get(1).recipients())
                .as("a superseded report's recipients still hear of it")
                .containsExactly("a@x", "b@x");

        q.failed(due.get(1).id(), "relay down", attempts -> t.plusSeconds(60 * (attempts + 1L)));
        assertThat(q.attempts(due.get(1).id())).isEqualTo(1);
        assertThat(q.due(t.plusSeconds(30)))
                .extracting(OutgoingMail::messageId)
                .as("not before its next attempt")
                .containsExactly("<security-x.prod@driftwarden>");
        q.sent(due.get(0).id(), t.plusSeconds(31));
        List<OutgoingMail> later = q.due(t.plusSeconds(60));
        assertThat(later).extracting(OutgoingMail::messageId).containsExactly("<r3.prod@driftwarden>");
        q.sent(later.get(0).id(), t.plusSeconds(61));
        assertThat(q.attempts(later.get(0).id())).isEqualTo(2);
        assertThat(q.pending()).isZero();
        assertThat(q.due(t.plusSeconds(3600))).isEmpty();
    }

    static OutgoingMail mail(String id, String kind, String run, List<String> to) {
        return new OutgoingMail(0, id, kind, run, "subject", "text", "<html><body>x</body></html>", List.of(), to);
    }

    @Test
    void evidenceIsAppendOnlyNumberedAndReadBack() {
        EvidenceJournal log = ports.evidence();
        assertThat(log.append(evidence(hour(1), "applied", null))).isEqualTo(1);
        assertThat(log.append(evidence(hour(2), "refused", null))).isEqualTo(2);
        assertThat(log.append(evidence(hour(3), "applied", 1L))).isEqualTo(3);
        assertThat(log.byId(1)).hasValueSatisfying(e -> {
            assertThat(e.kept()).asString().isEqualTo("old\n");
            assertThat(e.at()).isEqualTo(hour(1));
        });
        assertThat(log.byId(9)).isEmpty();
        assertThat(log.since(hour(1))).extracting(Evidence::id).containsExactly(2L, 3L);
        assertThat(log.countsByOutcome()).containsExactlyInAnyOrderEntriesOf(Map.of("applied", 2L, "refused", 1L));
        assertThat(log.undoneBy(1)).contains(3L);
        assertThat(log.undoneBy(2)).isEmpty();
        assertThat(log.verify()).isEmpty();
    }

    @Test
    void aRevertRecordedBeforeARunIsInThatRunsReport() {
        record(run("r0", hour(0), "r1", ok("web-1")), "success");
        ports.evidence().append(evidence(hour(0).plusSeconds(60), "applied", null));
        RunJournal.Recorded next = record(run("r1", hour(1), "r1", ok("web-1")), "success");
        assertThat(next.before().revertsSinceLastRun()).singleElement().satisfies(v -> {
            assertThat(v.evidence()).isEqualTo(1);
            assertThat(v.host()).isEqualTo("web-1");
            assertThat(v.outcome()).isEqualTo("applied");
        });
        assertThat(record(run("r2", hour(2), "r1", ok("web-1")), "success")
                        .before()
                        .revertsSinceLastRun())
                .as("reported once")
                .isEmpty();
    }

    static Evidence evidence(Instant at, String outcome, Long undoes) {
        return new Evidence(
                0,
                at,
                "web-1",
                "file:/etc/a",
                "1000",
                "alice",
                "SHA256:abc",
                "restore the standard",
                null,
                "f".repeat(64),
                "revert file:/etc/a\n",
                "END ok\n",
                outcome,
                undoes,
                undoes == null ? "old\n".getBytes(StandardCharsets.UTF_8) : null,
                null);
    }

    @Test
    void oneRevertAtATimePerHost() {
        Duration stale = Duration.ofHours(1);
        EvidenceJournal log = ports.evidence();
        assertThat(log.lock("web-1", "alice", hour(0), stale)).isEmpty();
        assertThat(log.lock("web-1", "bob", hour(0).plusSeconds(60), stale))
                .hasValueSatisfying(h -> assertThat(h).startsWith("alice since "));
        assertThat(log.lock("web-2", "bob", hour(0).plusSeconds(60), stale))
                .as("another host is free")
                .isEmpty();
        log.unlock("web-1", "bob");
        assertThat(log.lock("web-1", "carol", hour(0).plusSeconds(90), stale))
                .as("only the holder unlocks")
                .isPresent();
        log.unlock("web-1", "alice");
        assertThat(log.lock("web-1", "carol", hour(0).plusSeconds(120), stale)).isEmpty();
        assertThat(log.lock("web-1", "dave", hour(2), stale))
                .as("a holder that died is taken over")
                .isEmpty();
    }
}
