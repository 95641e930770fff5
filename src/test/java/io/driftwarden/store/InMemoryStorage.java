package io.driftwarden.store;

import io.driftwarden.admission.AcceptedRevisions;
import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.IndexFloor;
import io.driftwarden.audit.ApprovalSummary;
import io.driftwarden.audit.Audited;
import io.driftwarden.audit.RevertNote;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.history.Episode;
import io.driftwarden.history.OpenDrift;
import io.driftwarden.history.RevisionChanges;
import io.driftwarden.history.RunHistory;
import io.driftwarden.inventory.InventoryDiff;
import io.driftwarden.notify.OutgoingMail;
import io.driftwarden.remedy.EvidenceJournal;
import io.driftwarden.revert.Evidence;
import io.driftwarden.run.MailQueue;
import io.driftwarden.run.RunJournal;
import io.driftwarden.signoff.Accepted;
import io.driftwarden.standard.ResourceParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The storage ports in memory: the fake the contract test holds to the same behaviour as the JDBC store, and a store
 * for tests of the pipeline that need no database. One lock for everything: a call is a transaction.
 */
final class InMemoryStorage
        implements RunJournal, MailQueue, EvidenceJournal, AcceptedRevisions, io.driftwarden.run.WebhookQueue {
    private Map<String, IndexFloor> floors = Map.of();
    private final Map<String, ApprovalsSource> snapshots = new TreeMap<>();
    private Map<String, io.driftwarden.approval.ApprovalChanges.State> approvalStates = null; // never tracked
    private io.driftwarden.followup.FollowUp followUp = null; // never followed
    private final List<Hook> hooks = new ArrayList<>();

    /** A webhook outbox row: pending until delivered, dead or coalesced. */
    private static final class Hook {
        final long id;
        final io.driftwarden.run.WebhookQueue.Queued q;
        final Instant created;
        int attempts;
        int refusals;
        Instant next;
        boolean delivered;
        boolean dead;
        boolean coalesced;
        List<Long> seqs = List.of();

        Hook(long id, io.driftwarden.run.WebhookQueue.Queued q, Instant now) {
            this.id = id;
            this.q = q;
            this.created = now;
            this.next = now;
        }

        boolean pending() {
            return !delivered && !dead && !coalesced;
        }

        Delivery delivery() {
            return new Delivery(
                    id,
                    q.endpoint(),
                    q.deliveryId(),
                    q.streamId(),
                    q.seq(),
                    q.event(),
                    q.payload(),
                    attempts,
                    refusals,
                    seqs);
        }
    }

    private final List<LogEntry> approvalLog = new ArrayList<>();
    private final Set<String> selfApproved = new TreeSet<>();

    private RunHistory history = RunHistory.EMPTY;
    private Map<String, ApprovalSummary.Mark> flags = Map.of();
    private Map<String, InventoryDiff.Entry> inventory;
    private final Map<String, String> outcomes = new LinkedHashMap<>();
    private final Map<String, Instant> runStarts = new LinkedHashMap<>();
    private final List<Kept> revisions = new ArrayList<>();
    private final List<Episode> closed = new ArrayList<>();
    private final List<Queued> outbox = new ArrayList<>();
    private final List<Evidence> evidence = new ArrayList<>();
    private final Map<String, String[]> locks = new TreeMap<>();

    private record Kept(Accepted accepted, BundleFiles files) {}

    private static final class Queued {
        OutgoingMail mail;
        final Instant createdAt;
        Instant nextAttempt;
        Instant sentAt;
        int attempts;
        boolean superseded;

        Queued(OutgoingMail mail, Instant createdAt) {
            this.mail = mail;
            this.createdAt = createdAt;
            this.nextAttempt = createdAt;
        }
    }

    // ---- RunJournal

    @Override
    public synchronized Recorded record(Recording in, Function<Before, Entry> decide) {
        if (in.accept() != null
                && revisions.stream()
                        .noneMatch(k -> k.accepted().digest().equals(in.accept().digest()))) {
            revisions.add(new Kept(in.accept(), in.acceptedFiles()));
        }
        Map<String, IndexFloor> raised = new TreeMap<>(floors);
        for (IndexFloor f : in.indexFloors()) {
            IndexFloor had = raised.get(f.source());
            if (had == null || had.serial() < f.serial()) {
                raised.put(f.source(), f);
            }
        }
        Before before = current();
        Entry entry = decide.apply(before); // throws: nothing below happens, as a rolled-back transaction
        Audited r = in.run();
        floors = Map.copyOf(raised);
        in.goodSources().forEach(g -> snapshots.put(g.name(), g));
        if (entry.followUp() != null) {
            followUp = entry.followUp().next();
        }
        for (var q : entry.webhooks()) {
            hooks.add(new Hook(hooks.size() + 1, q, r.startedAt()));
        }
        if (entry.approvals() != null) {
            approvalStates = Map.copyOf(entry.approvals());
        }
        for (var ch : entry.approvalChanges()) {
            approvalLog.add(new LogEntry(
                    approvalLog.size() + 1,
                    r.startedAt(),
                    r.runId(),
                    ch.id(),
                    ch.event(),
                    ch.sha256(),
                    ch.source(),
                    ch.reason(),
                    String.join(
                            ", ",
                            ch.signers().stream()
                                    .map(x -> x.principal() + " " + x.fingerprint())
                                    .toList()),
                    ch.hosts().size() + ": " + String.join(", ", ch.hosts())));
        }
        entry.step().closed().forEach(c -> closed.add(episode(c.episode(), c.closedAt(), c.resolvedBy())));
        history = entry.step().next();
        flags = Map.copyOf(entry.flags());
        inventory = Map.copyOf(in.inventory());
        outcomes.put(r.runId(), in.outcome());
        runStarts.put(r.runId(), r.startedAt());
        closed.removeIf(e -> e.closedAt().isBefore(in.pruneBefore()));
        return new Recorded(before, entry);
    }

    private static Episode episode(OpenDrift o, Instant closedAt, String resolvedBy) {
        return new Episode(
                0,
                o.key().host(),
                o.key().resource(),
                o.key().property(),
                o.classification(),
                o.approval(),
                o.actual(),
                o.declaredAt(),
                o.firstSeen(),
                o.lastCleanAt(),
                o.lastSeen(),
                o.valueChanges(),
                o.flap(),
                closedAt,
                resolvedBy,
                List.of());
    }

    @Override
    public synchronized Before current() {
        Instant lastRun =
                history().lastRun() == null ? Instant.EPOCH : history().lastRun();
        List<RevertNote> reverts = evidence.stream()
                .filter(e -> e.at().isAfter(lastRun))
                .map(Evidence::note)
                .toList();
        return new Before(history(), revisionChanges(), flags, reverts, approvalStates, followUp);
    }

    /** As the store derives them: the last run and the last completed one come from the runs and their outcomes. */
    @Override
    public synchronized RunHistory history() {
        Instant lastRun =
                runStarts.values().stream().max(Comparator.naturalOrder()).orElse(null);
        Instant lastSuccess = runStarts.entrySet().stream()
                .filter(e -> Set.of("success", "partial").contains(outcomes.get(e.getKey())))
                .map(Map.Entry::getValue)
                .max(Comparator.naturalOrder())
                .orElse(null);
        return new RunHistory(history.open(), history.hosts(), history.recentlyClosed(), lastRun, lastSuccess);
    }

    @Override
    public synchronized RevisionChanges revisionChanges() {
        Map<String, Map<String, String>> hashes = new TreeMap<>();
        for (Kept k : revisions) {
            Map<String, String> files = new TreeMap<>();
            k.files()
                    .paths()
                    .forEach(p ->
                            files.put(p, ResourceParser.sha256(k.files().get(p).orElseThrow())));
            hashes.put(k.accepted().digest(), files);
        }
        return RevisionChanges.of(hashes);
    }

    @Override
    public synchronized Optional<Map<String, InventoryDiff.Entry>> inventorySnapshot() {
        return Optional.ofNullable(inventory);
    }

    @Override
    public synchronized void markFailed(String runId) {
        outcomes.computeIfPresent(runId, (id, o) -> "failure");
    }

    @Override
    public synchronized void saveFailedRun(String runId, Instant started, Instant finished) {
        outcomes.put(runId, "failure");
        runStarts.put(runId, started);
    }

    @Override
    public synchronized Optional<String> outcome(String runId) {
        return Optional.ofNullable(outcomes.get(runId));
    }

    @Override
    public synchronized List<Episode> touchedSince(Instant since) {
        List<Episode> out = new ArrayList<>();
        closed.stream()
                .filter(e -> e.firstSeen().isAfter(since) || e.closedAt().isAfter(since))
                .forEach(out::add);
        history.open().values().forEach(o -> out.add(episode(o, null, null)));
        out.sort(Comparator.comparing(Episode::host)
                .thenComparing(Episode::resource)
                .thenComparing(Episode::property)
                .thenComparing(Episode::firstSeen));
        return out;
    }

    @Override
    public synchronized Optional<Instant> firstRun() {
        return runStarts.values().stream().min(Comparator.naturalOrder());
    }

    // ---- AcceptedRevisions

    @Override
    public synchronized Optional<Accepted> accepted() {
        return revisions.stream().map(Kept::accepted).max(Comparator.comparingLong(Accepted::serial));
    }

    @Override
    public synchronized Optional<BundleFiles> acceptedBytes(Path dir) {
        return accepted()
                .flatMap(a ->
                        revisions.stream().filter(k -> k.accepted().equals(a)).findFirst())
                .map(k -> {
                    Map<String, byte[]> files = new TreeMap<>();
                    k.files().paths().forEach(p -> files.put(p, k.files().get(p).orElseThrow()));
                    return new BundleFiles(dir, files, List.of());
                });
    }

    @Override
    public synchronized Map<String, IndexFloor> indexFloors() {
        return new TreeMap<>(floors);
    }

    @Override
    public synchronized void keepSelfApproved(Map<String, String> shaById, Instant now) {
        shaById.forEach((id, sha) -> selfApproved.add(id + " " + sha));
    }

    @Override
    public synchronized Set<String> selfApproved() {
        return new TreeSet<>(selfApproved);
    }

    @Override
    public synchronized List<LogEntry> approvalLog(String recordId) {
        return approvalLog.stream()
                .filter(e -> recordId == null || e.recordId().equals(recordId))
                .toList();
    }

    @Override
    public synchronized Optional<String> verifyApprovalLog() {
        return Optional.empty(); // a list in memory cannot be edited behind our back
    }

    @Override
    public synchronized Optional<ApprovalsSource> lastGood(String source) {
        return Optional.ofNullable(snapshots.get(source));
    }

    // ---- MailQueue

    @Override
    public synchronized long enqueue(OutgoingMail mail, Instant now) {
        if (outbox.stream().anyMatch(q -> q.mail.messageId().equals(mail.messageId()))) {
            return -1;
        }
        long id = outbox.size() + 1L;
        outbox.add(new Queued(
                new OutgoingMail(
                        id,
                        mail.messageId(),
                        mail.kind(),
                        mail.runId(),
                        mail.subject(),
                        mail.text(),
                        mail.html(),
                        mail.supersedes(),
                        mail.recipients()),
                now));
        return pending();
    }

    @Override
    public synchronized List<OutgoingMail> due(Instant now) {
        List<Queued> reports = waiting(OutgoingMail.REPORT).toList();
        if (reports.size() > 1) {
            Queued newest = reports.get(reports.size() - 1);
            Set<String> runs = new LinkedHashSet<>();
            Set<String> to = new TreeSet<>(newest.mail.recipients());
            for (Queued old : reports.subList(0, reports.size() - 1)) {
                runs.addAll(old.mail.supersedes());
                runs.add(old.mail.runId());
                to.addAll(old.mail.recipients());
                old.superseded = true;
            }
            runs.addAll(newest.mail.supersedes());
            OutgoingMail m = newest.mail;
            newest.mail = new OutgoingMail(
                    m.id(),
                    m.messageId(),
                    m.kind(),
                    m.runId(),
                    m.subject(),
                    m.text(),
                    m.html(),
                    List.copyOf(runs),
                    List.copyOf(to));
        }
        List<OutgoingMail> out = new ArrayList<>();
        for (String kind : List.of(OutgoingMail.SECURITY, OutgoingMail.DIGEST, OutgoingMail.REPORT)) {
            waiting(kind).filter(q -> !q.nextAttempt.isAfter(now)).forEach(q -> out.add(q.mail));
        }
        return out;
    }

    private java.util.stream.Stream<Queued> waiting(String kind) {
        return outbox.stream()
                .filter(q -> q.mail.kind().equals(kind) && q.sentAt == null && !q.superseded)
                .sorted(Comparator.comparing((Queued q) -> q.createdAt).thenComparingLong(q -> q.mail.id()));
    }

    @Override
    public synchronized void sent(long id, Instant now) {
        Queued q = outbox.get((int) id - 1);
        q.sentAt = now;
        q.attempts++;
    }

    @Override
    public synchronized void failed(long id, String error, java.util.function.IntFunction<Instant> nextAttempt) {
        Queued q = outbox.get((int) id - 1);
        q.nextAttempt = nextAttempt.apply(q.attempts);
        q.attempts++;
    }

    @Override
    public synchronized int attempts(long id) {
        return id < 1 || id > outbox.size() ? 0 : outbox.get((int) id - 1).attempts;
    }

    @Override
    public synchronized long pending() {
        long others = outbox.stream()
                .filter(q -> q.sentAt == null && !q.superseded && !q.mail.kind().equals(OutgoingMail.REPORT))
                .count();
        return others + Math.min(1, waiting(OutgoingMail.REPORT).count());
    }

    @Override
    public synchronized Optional<Instant> lastQueued(String kind) {
        return outbox.stream()
                .filter(q -> q.mail.kind().equals(kind))
                .map(q -> q.createdAt)
                .max(Comparator.naturalOrder());
    }

    // ---- EvidenceJournal

    @Override
    public synchronized long append(Evidence e) {
        long id = evidence.size() + 1L;
        evidence.add(new Evidence(
                id,
                e.at(),
                e.host(),
                e.resource(),
                e.operatorUid(),
                e.operatorLogin(),
                e.keyFingerprint(),
                e.reason(),
                e.changeId(),
                e.planSha256(),
                e.planText(),
                e.output(),
                e.outcome(),
                e.undoes(),
                e.kept(),
                e.undoPlan()));
        return id;
    }

    @Override
    public synchronized Optional<Evidence> byId(long id) {
        return evidence.stream().filter(e -> e.id() == id).findFirst();
    }

    @Override
    public synchronized List<Evidence> since(Instant after) {
        return evidence.stream().filter(e -> e.at().isAfter(after)).toList();
    }

    @Override
    public synchronized Map<String, Long> countsByOutcome() {
        Map<String, Long> out = new TreeMap<>();
        evidence.forEach(e -> out.merge(e.outcome(), 1L, Long::sum));
        return out;
    }

    @Override
    public synchronized Optional<Long> undoneBy(long id) {
        return evidence.stream()
                .filter(e -> Long.valueOf(id).equals(e.undoes()) && "applied".equals(e.outcome()))
                .map(Evidence::id)
                .findFirst();
    }

    @Override
    public synchronized Optional<String> lock(String host, String holder, Instant now, Duration staleAfter) {
        String[] held = locks.get(host);
        if (held != null && Instant.parse(held[1]).plus(staleAfter).isAfter(now)) {
            return Optional.of(held[0] + " since " + held[1]);
        }
        locks.put(host, new String[] {holder, now.toString()});
        return Optional.empty();
    }

    @Override
    public synchronized void unlock(String host, String holder) {
        String[] held = locks.get(host);
        if (held != null && held[0].equals(holder)) {
            locks.remove(host);
        }
    }

    @Override
    public synchronized Optional<String> verify() {
        return Optional.empty(); // nothing here can alter a record once appended
    }

    @Override
    public synchronized List<Delivery> due(String endpoint, Instant now, int limit) {
        Map<String, List<Hook>> streams = new TreeMap<>();
        hooks.stream()
                .filter(h -> h.q.endpoint().equals(endpoint) && h.pending())
                .sorted(Comparator.comparingLong(h -> h.q.seq()))
                .forEach(h -> streams.computeIfAbsent(h.q.streamId(), k -> new ArrayList<>())
                        .add(h));
        List<Delivery> out = new ArrayList<>();
        for (List<Hook> rows : streams.values()) {
            if (out.size() >= limit) {
                break;
            }
            int i = 0;
            List<Long> folded = new ArrayList<>(rows.get(0).seqs);
            while (i + 1 < rows.size() && untried(rows.get(i)) && untried(rows.get(i + 1))) {
                rows.get(i).coalesced = true;
                folded.add(rows.get(i).q.seq());
                folded.addAll(rows.get(i + 1).seqs);
                i++;
            }
            Hook head = rows.get(i);
            if (i > 0) {
                head.seqs = folded.stream().sorted().distinct().toList();
            }
            if (!head.next.isAfter(now)) {
                out.add(head.delivery());
            }
        }
        return out;
    }

    private static boolean untried(Hook h) {
        return h.q.event().equals("value_changed") && h.attempts == 0;
    }

    private Hook hook(long id) {
        return hooks.stream().filter(h -> h.id == id).findFirst().orElseThrow();
    }

    @Override
    public synchronized void delivered(long id, int status, Instant at) {
        Hook h = hook(id);
        h.attempts++;
        h.delivered = true;
    }

    @Override
    public synchronized void retry(long id, int status, String error, Instant next, boolean refused) {
        Hook h = hook(id);
        h.attempts++;
        h.refusals += refused ? 1 : 0;
        h.next = next;
    }

    @Override
    public synchronized void dead(long id, int status, String error, Instant at) {
        Hook h = hook(id);
        h.attempts++;
        h.refusals++;
        h.dead = true;
    }

    @Override
    public synchronized Map<String, Stats> stats() {
        Map<String, Stats> out = new TreeMap<>();
        hooks.stream().map(h -> h.q.endpoint()).distinct().forEach(e -> {
            List<Hook> mine =
                    hooks.stream().filter(h -> h.q.endpoint().equals(e)).toList();
            out.put(
                    e,
                    new Stats(
                            mine.stream().filter(Hook::pending).count(),
                            mine.stream().filter(h -> h.dead).count(),
                            mine.stream()
                                    .filter(Hook::pending)
                                    .map(h -> h.created)
                                    .min(Comparator.naturalOrder())
                                    .orElse(null)));
        });
        return out;
    }

    @Override
    public synchronized List<Delivery> deadLetters(String endpoint) {
        return hooks.stream()
                .filter(h -> h.q.endpoint().equals(endpoint) && h.dead)
                .map(Hook::delivery)
                .toList();
    }
}
