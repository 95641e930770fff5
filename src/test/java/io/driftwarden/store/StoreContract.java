package io.driftwarden.store;

import static io.driftwarden.audit.Runs.drift;
import static io.driftwarden.audit.Runs.hour;
import static io.driftwarden.audit.Runs.ok;
import static io.driftwarden.audit.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.DriftKey;
import io.driftwarden.audit.Runs;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.diff.RevisionImpact;
import io.driftwarden.history.Episode;
import io.driftwarden.history.RunHistory;
import io.driftwarden.inventory.InventoryDiff;
import io.driftwarden.notify.OutgoingMail;
import io.driftwarden.signoff.Accepted;
import io.driftwarden.yaml.LoadException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One contract, run against H2 (StoreH2Test) and a real PostgreSQL (PostgresStoreIT). */
abstract class StoreContract {
    static final DriftKey K = new DriftKey("web-1", "file:/etc/a", "mode");
    Store store;

    /** A fresh, empty database URL. */
    abstract String freshUrl() throws Exception;

    private String url;

    @BeforeEach
    void open() throws Exception {
        url = freshUrl();
        store = Store.open(url);
    }

    /** The URL the set-up opened, still holding its data (freshUrl() would empty it). */
    String freshUrlKept() {
        return url;
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Flyway only warns about a migration it does not have: a store from a newer release is refused outright. */
    @Test
    void aStoreMigratedByANewerReleaseIsRefused() throws Exception {
        store.tx(c -> c.createStatement()
                .executeUpdate("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\","
                        + " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\","
                        + " \"execution_time\", \"success\") VALUES (1000, '" + (Store.SCHEMA_VERSION + 1)
                        + "', 'from the future', 'SQL', 'V" + (Store.SCHEMA_VERSION + 1)
                        + "__from_the_future.sql', 0, 'test', 1, TRUE)"));
        String url = freshUrlKept();
        assertThatThrownBy(() -> Store.open(url))
                .isInstanceOf(LoadException.class)
                .hasMessageStartingWith("store.url ")
                .hasMessageContaining(": the store's schema is version " + (Store.SCHEMA_VERSION + 1)
                        + ", newer than this driftwarden knows (" + Store.SCHEMA_VERSION + ")")
                .hasMessageNotContaining("password=driftwarden");
        store.tx(c -> c.createStatement()
                .executeUpdate("DELETE FROM \"flyway_schema_history\" WHERE \"installed_rank\" = 1000"));
        Store.open(url).close(); // the same store, back to what this release knows, opens again
    }

    RunHistory.Step record(AuditResult r) {
        return store.tx(c -> {
            HistoryStore.Loaded loaded = HistoryStore.load(c);
            RunHistory.Step step = loaded.history()
                    .advance(
                            r,
                            Set.of("web-1", "web-2"),
                            true,
                            io.driftwarden.audit.Runs.DAY,
                            io.driftwarden.history.RevisionChanges.UNKNOWN);
            HistoryStore.save(c, loaded, r, "success", step);
            return step;
        });
    }

    @Test
    void revertEvidenceIsHashChainedAndAnAlteredRowBreaksTheChain() throws Exception {
        for (int i = 0; i < 3; i++) {
            io.driftwarden.revert.Evidence e = new io.driftwarden.revert.Evidence(
                    0,
                    Instant.now(),
                    "web-1",
                    "file:/etc/a",
                    "1000",
                    "alice",
                    "SHA256:abc",
                    "restore the standard",
                    i == 1 ? "CHG-1" : null,
                    "f".repeat(64),
                    "revert file:/etc/a\n",
                    "STEP 1 OK\nEND ok\n",
                    "reverted",
                    i == 2 ? 1L : null,
                    i == 0 ? "old\n".getBytes(StandardCharsets.UTF_8) : null,
                    i == 0 ? "{\"steps\":[]}" : null);
            long id = store.tx(c -> EvidenceStore.append(c, e));
            assertThat(id).isEqualTo(i + 1L);
        }
        assertThat(store.tx(EvidenceStore::verify)).isEmpty();
        assertThat(store.tx(c -> EvidenceStore.byId(c, 1)).orElseThrow().kept())
                .asString()
                .isEqualTo("old\n");
        assertThat(store.tx(c -> EvidenceStore.byId(c, 3)).orElseThrow().undoes())
                .isEqualTo(1L);
        store.tx(c -> {
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE revert_evidence SET reason = 'nothing to see' WHERE id = 2")) {
                return st.executeUpdate();
            }
        });
        assertThat(store.tx(EvidenceStore::verify))
                .contains("evidence 2 does not match its chain hash: it was altered");
        store.tx(c -> {
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE revert_evidence SET reason = 'restore the standard' WHERE id = 2")) {
                st.executeUpdate();
            }
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE revert_evidence SET undo_plan = '{}' WHERE id = 1")) {
                return st.executeUpdate();
            }
        });
        assertThat(store.tx(EvidenceStore::verify))
                .as("the undo plan is covered too")
                .contains("evidence 1 does not match its chain hash: it was altered");
    }

    private java.util.Optional<String> lock(String host, String holder, Instant at) throws Exception {
        return store.tx(c -> EvidenceStore.lock(c, host, holder, at, java.time.Duration.ofHours(1)));
    }

    @Test
    void oneRevertAtATimePerHostAndAStaleLockIsTakenOver() throws Exception {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        java.time.Duration stale = java.time.Duration.ofHours(1);
        assertThat(lock("web-1", "alice@ops-1 pid 10", t0)).isEmpty();
        assertThat(lock("web-1", "bob@ops-2 pid 20", t0.plusSeconds(60)))
                .hasValueSatisfying(h -> assertThat(h).startsWith("alice@ops-1 pid 10 since 2026-11-23T10:00:00Z"));
        assertThat(lock("web-2", "bob@ops-2 pid 20", t0.plusSeconds(60)))
                .as("another host is free")
                .isEmpty();
        assertThat(lock("web-1", "bob@ops-2 pid 20", t0.plus(stale).plusSeconds(1)))
                .as("a holder that died is taken over")
                .isEmpty();
        store.tx(c -> {
            EvidenceStore.unlock(c, "web-1", "alice@ops-1 pid 10");
            return null;
        });
        assertThat(lock("web-1", "carol", t0.plus(stale).plusSeconds(2)))
                .as("the old holder's unlock does not free the new holder's lock")
                .isPresent();
    }

    @Test
    void theLastAuditOfEachHostIsWhatImpactReads() {
        record(run(
                "a",
                hour(0),
                "r1",
                Runs.notChecked("web-1", "file:/etc/b", "content"),
                ok("web-2", drift("file:/etc/a", "0644"))));
        assertThat(store.tx(HistoryStore::lastSeen))
                .isEqualTo(Map.of(
                        "web-1", Map.of("file:/etc/b content", RevisionImpact.Seen.notChecked("probe-error")),
                        "web-2", Map.of("file:/etc/a mode", RevisionImpact.Seen.drift("0644"))));
        record(run("b", hour(1), "r1", ok("web-1"), Runs.failed("web-2")));
        assertThat(store.tx(HistoryStore::lastSeen))
                .as("a failed host keeps what its last good audit saw")
                .isEqualTo(Map.of("web-2", Map.of("file:/etc/a mode", RevisionImpact.Seen.drift("0644"))));
        assertThat(store.tx(HistoryStore::marks))
                .containsOnlyKeys("web-1", "web-2")
                .hasEntrySatisfying("web-2", m -> assertThat(m.lastOkAt()).isEqualTo(hour(0)));
    }

    @Test
    void episodesSurviveTheStoreAcrossRunsAndCloseWithTheirReason() {
        record(run("a", hour(0), "r1", ok("web-1"), ok("web-2")));
        record(run("b", hour(1), "r1", ok("web-1", drift("file:/etc/a", "0644")), ok("web-2")));
        RunHistory.Step third = record(run("c", hour(2), "r1", ok("web-1", drift("file:/etc/a", "0666")), ok("web-2")));
        RunHistory loaded = store.tx(HistoryStore::load).history();
        assertThat(loaded.open()).containsOnlyKeys(K);
        assertThat(loaded.open().get(K).firstSeen()).isEqualTo(hour(1));
        assertThat(loaded.open().get(K).lastCleanAt()).isEqualTo(hour(0));
        assertThat(loaded.open().get(K).actual()).isEqualTo("0666");
        assertThat(loaded.open().get(K).valueChanges()).isEqualTo(1);
        assertThat(loaded.hosts()).isEqualTo(third.next().hosts());
        assertThat(loaded.lastRun()).isEqualTo(hour(2));

        record(run("d", hour(3), "r1", ok("web-1"), ok("web-2")));
        assertThat(store.tx(HistoryStore::load).history().open()).isEmpty();
        List<Episode> episodes = episodes("web-1", null);
        assertThat(episodes).singleElement().satisfies(e -> {
            assertThat(e.resolvedBy()).isEqualTo("host");
            assertThat(e.closedAt()).isEqualTo(hour(3));
            assertThat(e.lastSeen()).isEqualTo(hour(2));
            assertThat(e.firstSeen()).isEqualTo(hour(1));
            assertThat(e.events())
                    .extracting(Episode.Event::event)
                    .containsExactly("appeared", "value_changed", "resolved");
        });
        assertThat(episodes("web-1", "file:/etc/other")).isEmpty();
    }

    @Test
    void flapsAreFoundAfterARestart() {
        record(run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644"))));
        record(run("b", hour(1), "r1", ok("web-1")));
        store.close();
        store = Store.open(freshUrlKept()); // a restart: what the flap needs is read back from the database
        RunHistory.Step again = record(run("c", hour(2), "r1", ok("web-1", drift("file:/etc/a", "0644"))));
        assertThat(again.next().open().get(K).flap()).isTrue();
        assertThat(episodes("web-1", "file:/etc/a")).extracting(Episode::flap).containsExactly(false, true);
    }

    @Test
    void acceptedRevisionsKeepTheirExactBytes() {
        assertThat(store.tx(RevisionStore::accepted)).isEmpty();
        BundleFiles files = new BundleFiles(
                Path.of("standards"),
                Map.of("base.yaml", "a: 1\n".getBytes(StandardCharsets.UTF_8), "SIGNOFF", new byte[] {0, (byte) 0xff, 10
                }),
                List.of());
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        store.tx(c -> {
            RevisionStore.keep(c, new Accepted(3, "sha256:" + "a".repeat(64)), files, now);
            RevisionStore.keep(c, new Accepted(3, "sha256:" + "a".repeat(64)), files, now);
            return null;
        });
        store.tx(c -> {
            RevisionStore.keep(c, new Accepted(4, "sha256:" + "b".repeat(64)), files, now.plusSeconds(60));
            return null;
        });
        assertThat(store.tx(RevisionStore::accepted)).contains(new Accepted(4, "sha256:" + "b".repeat(64)));
        BundleFiles back = store.tx(c -> RevisionStore.acceptedBytes(c, Path.of("standards")))
                .orElseThrow();
        assertThat(back.get("SIGNOFF")).hasValueSatisfying(b -> assertThat(b).containsExactly(0, (byte) 0xff, 10));
        assertThat(store.tx(RevisionStore::fileHashes)).hasSize(2);
    }

    @Test
    void theOutboxCoalescesReportsButNeverSecurityMails() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        store.tx(c -> {
            for (String run : List.of("r1", "r2", "r3")) {
                Outbox.enqueue(c, mail("<" + run + ".prod@driftwarden>", OutgoingMail.REPORT, run), t);
            }
            Outbox.enqueue(c, mail("<security-x.prod@driftwarden>", OutgoingMail.SECURITY, null), t);
            assertThat(Outbox.enqueue(c, mail("<security-x.prod@driftwarden>", OutgoingMail.SECURITY, null), t))
                    .as("once per refused digest")
                    .isFalse();
            return null;
        });
        List<OutgoingMail> due = store.tx(c -> Outbox.due(c, t));
        assertThat(due)
                .extracting(OutgoingMail::messageId)
                .containsExactly("<security-x.prod@driftwarden>", "<r3.prod@driftwarden>");
        assertThat(due.get(1).supersedes()).containsExactly("r1", "r2");
        assertThat(store.tx(Outbox::pendingCount)).isEqualTo(2);
        store.tx(c -> {
            Outbox.failed(c, due.get(1).id(), "down", t.plusSeconds(60));
            Outbox.enqueue(c, mail("<r4.prod@driftwarden>", OutgoingMail.REPORT, "r4"), t.plusSeconds(30));
            return null;
        });
        List<OutgoingMail> later = store.tx(c -> Outbox.due(c, t.plusSeconds(30)));
        assertThat(later)
                .extracting(OutgoingMail::messageId)
                .containsExactly("<security-x.prod@driftwarden>", "<r4.prod@driftwarden>");
        assertThat(later.get(1).supersedes()).containsExactly("r1", "r2", "r3");
        store.tx(c -> {
            for (OutgoingMail m : later) {
                Outbox.sent(c, m.id(), t.plusSeconds(31));
            }
            return null;
        });
        assertThat(store.tx(Outbox::pendingCount)).isZero();
    }

    List<Episode> episodes(String host, String resource) {
        return store.tx(c -> HistoryQuery.episodes(c, host, resource));
    }

    static OutgoingMail mail(String id, String kind, String run) {
        return new OutgoingMail(0, id, kind, run, "subject", "text", "<html><body>x</body></html>", List.of());
    }

    @Test
    @SuppressWarnings("try") // the lease is held across the block, never read
    void oneDaemonPerStore() {
        store.tx(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO lease (name, holder, host, pid, heartbeat_at)"
                    + " VALUES ('daemon', 'pid 42 on other-host', 'other-host', 42, ?)")) {
                Store.set(st, 1, Instant.now());
                st.executeUpdate();
            }
            return null;
        });
        assertThatThrownBy(() -> StoreLease.acquire(store))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("another daemon holds the lease (pid 42 on other-host");
        store.tx(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE lease SET heartbeat_at = ?")) {
                Store.set(st, 1, Instant.now().minus(Duration.ofMinutes(5)));
                st.executeUpdate();
            }
            return null;
        });
        try (StoreLease lease = StoreLease.acquire(store)) {
            assertThat(holder()).startsWith("pid " + ProcessHandle.current().pid());
        }
        assertThat(holder()).isNull();
    }

    /** Our heartbeats lapsed and another daemon took the lease: the next heartbeat says so and stops this one. */
    @Test
    void aLeaseTakenOverIsNoticedAtTheNextHeartbeat() {
        java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger();
        try (StoreLease lease = StoreLease.acquire(store)) {
            lease.onLost(lost::incrementAndGet);
            lease.heartbeat();
            assertThat(lost).hasValue(0);
            store.tx(c -> {
                try (PreparedStatement st = c.prepareStatement(
                        "UPDATE lease SET holder = 'pid 42 on other-host'," + " host = 'other-host', pid = 42")) {
                    st.executeUpdate();
                }
                return null;
            });
            lease.heartbeat();
            lease.heartbeat();
            assertThat(lost).as("stopped once").hasValue(1);
        }
    }

    private String holder() {
        return store.tx(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT holder FROM lease");
                    ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    @Test
    void theInventorySnapshotRoundTrips() {
        assertThat(store.tx(InventoryStore::read)).isEmpty();
        Map<String, InventoryDiff.Entry> snap = Map.of("web-1", new InventoryDiff.Entry("192.0.2.1", "ssh", "web"));
        store.tx(c -> {
            InventoryStore.write(c, snap);
            return null;
        });
        assertThat(store.tx(InventoryStore::read)).contains(snap);
    }

    @Test
    void retentionPrunesClosedHistoryButNeverOpenEpisodes() {
        record(run(
                "a",
                hour(0),
                "r1",
                ok("web-1", drift("file:/etc/a", "0644")),
                ok("web-2", drift("file:/etc/b", "0644"))));
        record(run("b", hour(1), "r1", ok("web-1"), ok("web-2", drift("file:/etc/b", "0644"))));
        int pruned = store.tx(c -> Retention.prune(c, hour(2)));
        assertThat(pruned).isPositive();
        assertThat(episodes("web-1", null)).isEmpty();
        assertThat(episodes("web-2", null))
                .singleElement()
                .satisfies(e -> assertThat(e.firstSeen()).isEqualTo(hour(0)));
    }
}
