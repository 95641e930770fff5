package io.driftwarden.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.Runs;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.history.RevisionChanges;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.store.Store;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver that refuses an event for good (422): after max_attempts it lands in the dead letters, with the metric
 * the alert watches and a mail, and the stream's next event is no longer held back. A group- or world-readable secret
 * is refused at start.
 */
class WebhookDeadLetterTest {
    @TempDir
    Path dir;

    static final class MovedClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aRefusedEventGoesToTheDeadLettersAfterMaxAttemptsWithAMetricAndAMail() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        receiver.createContext("/", x -> {
            try (x) {
                x.getRequestBody().readAllBytes();
                String event = x.getRequestHeaders().getFirst("Driftwarden-Event");
                seen.add(event);
                // an outage first (503 twice, which counts as no refusal), then a refusal for good
                x.sendResponseHeaders(
                        !event.equals("value_changed") ? 200 : changes.incrementAndGet() <= 2 ? 503 : 422, -1);
            }
        });
        receiver.start();
        Path key = Files.writeString(dir.resolve("k1"), "0123456789abcdef0123\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Config cfg = ConfigLoader.load(Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "store: {url: \"jdbc:h2:file:./state/dw\"}\n"
                        + "email: {smtp: {host: localhost, port: 1, security: none}, from: d@example.com,"
                        + " to: [ops@example.com]}\n"
                        + "webhooks: [{name: itsm, url: \"http://127.0.0.1:"
                        + receiver.getAddress().getPort()
                        + "/h\", secrets: [{id: k1, file: k1}], max_attempts: 2, retry_after: 1s}]\n"));
        MovedClock clock = new MovedClock();
        DriftwardenMetrics metrics = new DriftwardenMetrics("t", true);
        try (Store store = Store.open(cfg.store().url())) {
            RunStorage storage = io.driftwarden.store.JdbcStorage.forRuns(store);
            AuditResult r = Runs.run("r0", clock.now, "sha256:a", Runs.ok("web-1"));
            storage.journal()
                    .record(
                            new RunJournal.Recording(r, "success", null, null, Map.of(), Instant.EPOCH),
                            before -> new RunJournal.Entry(
                                    before.history()
                                            .advance(r, Set.of("web-1"), true, Runs.DAY, RevisionChanges.UNKNOWN),
                                    Map.of(),
                                    null,
                                    List.of(),
                                    null,
                                    List.of(
                                            queued("ep_a", 1, "unapproved_opened"),
                                            queued("ep_a", 2, "value_changed"),
                                            queued("ep_a", 3, "resolved"))));
            RunWebhooks hooks = new RunWebhooks(cfg, storage.webhooks(), storage.mail(), clock, metrics);
            hooks.drain("itsm", Duration.ofSeconds(10));
            assertThat(seen).containsExactly("unapproved_opened", "value_changed");
            for (int pass = 0; pass < 3; pass++) { // 503 again, then 422, then 422: dead at the second refusal
                clock.now = clock.now.plusSeconds(120);
                hooks.drain("itsm", Duration.ofSeconds(10));
            }
            assertThat(seen)
                    .as("two failures to answer, two refusals, then dead: the next event is no longer held back")
                    .containsExactly(
                            "unapproved_opened",
                            "value_changed",
                            "value_changed",
                            "value_changed",
                            "value_changed",
                            "resolved");
            assertThat(storage.webhooks().deadLetters("itsm"))
                    .singleElement()
                    .satisfies(d -> assertThat(d.seq()).isEqualTo(2));
            assertThat(metrics.scrape())
                    .contains("driftwarden_webhook_dead_letters{endpoint=\"itsm\"} 1.0")
                    .contains("driftwarden_webhook_pending{endpoint=\"itsm\"} 0.0")
                    .contains("driftwarden_webhook_deliveries_total{endpoint=\"itsm\",outcome=\"dead_letter\"} 1.0");
            assertThat(storage.mail().due(clock.now)).singleElement().satisfies(m -> {
                assertThat(m.subject())
                        .isEqualTo("[driftwarden driftwarden] webhook itsm: an event in the dead" + " letters");
                assertThat(m.text()).contains("HTTP 422").contains("seq: 2");
            });
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aSecretOthersMayReadIsRefusedAtStart() throws Exception {
        Path key = Files.writeString(dir.resolve("k1"), "0123456789abcdef0123\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        Config cfg = ConfigLoader.load(Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "webhooks: [{name: itsm, url: \"https://x.example.com/h\", secrets: [{id: k1, file: k1}]}]\n"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new RunWebhooks(cfg, WebhookQueue.NONE, null, Clock.systemUTC(), null))
                .hasMessage(key + ": webhooks.itsm.secrets.k1 is readable or writable by others; refused (chmod 600 "
                        + key + ")");
    }

    static WebhookQueue.Queued queued(String stream, long seq, String event) {
        return new WebhookQueue.Queued("itsm", stream + seq, stream, seq, event, "{\"seq\":" + seq + "}");
    }
}
