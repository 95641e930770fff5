package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.daemon.ScheduledRun;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.notify.webhook.Signature;
import io.driftwarden.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks through an outage, against the reference receiver the docs describe (docs/examples/WebhookReceiver.java,
 * run as its own process) behind a front the test controls: down for two runs, then 503, then slow (the sender gives
 * up, the receiver got it anyway), then up. The receiver ends with every event once, per episode in sequence order,
 * every signature verified; a replay is refused; and a copy of the store taken during the outage holds the very
 * delivery ids that arrived.
 */
class WebhookOutageIT {
    enum Mode {
        ERROR,
        SLOW,
        UP
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    Process receiver;
    HttpServer front;
    volatile Mode mode = Mode.UP;
    final List<Integer> receiverAnswers = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> forwarded = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (front != null) {
            front.stop(0);
        }
        if (receiver != null) {
            receiver.destroyForcibly();
        }
    }

    @Test
    void everyEventArrivesOncePerEpisodeInOrderThroughAnOutage() throws Exception {
        int frontPort = free();
        int receiverPort = free();
        Path key = Files.writeString(dir.resolve("k1"), "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path log = dir.resolve("deliveries.jsonl");
        startReceiver(receiverPort, key, log);

        for (String h : List.of("web-1", "web-2")) {
            Path etc = Files.createDirectories(dir.resolve("roots").resolve(h).resolve("etc"));
            Files.writeString(etc.resolve("motd"), "Authorized use only\n");
            Files.writeString(etc.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
        }
        Files.createDirectories(dir.resolve("standards"));
        Files.writeString(dir.resolve("standards/base.yaml"), """
                standard: base
                resources:
                  - file: /etc/motd
                    content: "Authorized use only\\n"
                  - file: /etc/shadow
                    content: "root:*:19000:0:99999:7:::\\n"
                """);
        Files.writeString(
                dir.resolve("inventory.yaml"),
                "hosts:\n  web-1: {transport: image, root: roots/web-1}\n  web-2: {transport: image, root: roots/web-2}\n");
        Path cfgFile = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "instance: prod\nstandards: standards\ninventory: inventory.yaml\nreports_dir: reports\n"
                        + "hmac_key_file: state/hmac.key\nstore: {url: \"jdbc:h2:file:./state/driftwarden\"}\n"
                        + "approvals: {remediate_within: 2s}\n"
                        + "webhooks:\n  - {name: itsm, url: \"http://127.0.0.1:" + frontPort + "/hooks/dw\","
                        + " secrets: [{id: k1, file: k1}], timeout: 2s, connect_timeout: 1s, retry_after: 1s,"
                        + " max_attempts: 3}\n");
        Config cfg = ConfigLoader.load(cfgFile);
        DriftwardenMetrics metrics = new DriftwardenMetrics("t", true);
        Set<String> atBackup;
        Set<String> issued;
        Path backup = dir.resolve("backup.zip");
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun daemon = new ScheduledRun(
                    cfg,
                    cfgFile,
                    true,
                    metrics,
                    io.driftwarden.store.JdbcStorage.forRuns(store),
                    io.driftwarden.store.JdbcStorage.evidence(store),
                    Clock.systemUTC());
            Runnable runAndDrain = () -> {
                daemon.run();
                daemon.drainWebhooks("itsm");
            };
            // down (nothing listens on the front's port) for two runs: a hotfix, then its value changes
            runAndDrain.run();
            motd("web-1", "maintenance tonight\n");
            runAndDrain.run();
            motd("web-1", "maintenance tomorrow\n");
            runAndDrain.run();
            store.tx(c -> c.createStatement().execute("BACKUP TO '" + backup + "'"));
            atBackup = deliveryIds(store);
            assertThat(atBackup).hasSize(2);

            // then 503 with Retry-After, while web-2 is hotfixed and web-1 passes its deadline
            startFront(frontPort, receiverPort, Mode.ERROR);
            motd("web-2", "hello\n");
            Files.writeString(dir.resolve("roots/web-2/etc/shadow"), "root:$6$SECRETHASH:19000:0:99999:7:::\n");
            pause(Duration.ofMillis(2100));
            runAndDrain.run();
            assertThat(receiverAnswers).isEmpty();

            // then slow: the sender gives up after 2 s, the receiver has it all the same
            mode = Mode.SLOW;
            pause(Duration.ofMillis(1100));
            daemon.drainWebhooks("itsm");
            // then up: web-1 reverted, every endpoint drained until nothing waits
            mode = Mode.UP;
            motd("web-1", "Authorized use only\n");
            runAndDrain.run();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        daemon.drainWebhooks("itsm");
                        return metrics.scrape().contains("driftwarden_webhook_pending{endpoint=\"itsm\"} 0.0");
                    });
            issued = store.tx(c -> {
                Set<String> out = new HashSet<>();
                try (var rs = c.createStatement()
                        .executeQuery("SELECT delivery_id FROM webhook_deliveries WHERE coalesced_into IS NULL")) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            });
            assertThat(metrics.scrape())
                    .contains("driftwarden_webhook_dead_letters{endpoint=\"itsm\"} 0.0")
                    .containsPattern(
                            "driftwarden_webhook_deliveries_total\\{endpoint=\"itsm\",outcome=\"retried\"} [1-9]");
        }

        List<JsonNode> got = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            got.add(new ObjectMapper().readTree(line));
        }
        assertThat(receiverAnswers).as("every signature verified").doesNotContain(400, 401);
        assertThat(receiverAnswers)
                .as(
                        "the slow delivery reached the receiver twice (the late forward and the retry): one was a duplicate")
                .contains(409);
        var schema = com.networknt.schema.JsonSchemaFactory.getInstance(
                        com.networknt.schema.SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("docs/schemas/webhook-event.v1.json")));
        assertThat(got)
                .allSatisfy(n -> assertThat(schema.validate(n)).as(n.toString()).isEmpty());
        assertThat(Files.readString(log))
                .as("a sensitive file's content never leaves: its hmac does")
                .doesNotContain("SECRETHASH")
                .contains("\"resource\":\"file:/etc/shadow\"")
                .contains("\"actual\":\"hmac:");
        assertThat(got.stream()
                        .map(n -> n.get("delivery_id").asText())
                        .distinct()
                        .count())
                .as("each delivery once")
                .isEqualTo(got.size());
        assertThat(got.stream().map(n -> n.get("delivery_id").asText()).collect(java.util.stream.Collectors.toSet()))
                .as("every event issued arrived")
                .isEqualTo(issued);
        Map<String, List<Long>> seqs = new HashMap<>();
        Set<String> events = new TreeSet<>();
        for (JsonNode n : got) {
            seqs.computeIfAbsent(n.get("episode_id").asText(), k -> new ArrayList<>())
                    .add(n.get("seq").asLong());
            events.add(n.get("event").asText()
                    + (n.at("/data/cause").isMissingNode()
                            ? ""
                            : ":" + n.at("/data/cause").asText()));
        }
        seqs.values()
                .forEach(s -> assertThat(s)
                        .as("in sequence order, no gaps")
                        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, s.size())
                                .boxed()
                                .toList()));
        assertThat(events).contains("unapproved_opened", "value_changed", "escalated", "resolved:reverted");
        assertThat(got.stream().map(n -> n.get("delivery_id").asText()).toList())
                .as("the ids a copy of the store held are the ids that arrived")
                .containsAll(atBackup);

        // the copy, restored, holds the same ids
        Path restored = Files.createDirectories(dir.resolve("restored"));
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(backup))) {
            for (var e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                Files.copy(z, restored.resolve(Path.of(e.getName()).getFileName()));
            }
        }
        // the copy, restored and run by a daemon of its own, sends what it holds again: under the same ids, so the
        // receiver takes none of it twice
        Path copyCfg = Files.writeString(
                dir.resolve("restored.yaml"),
                Files.readString(cfgFile)
                        .replace("jdbc:h2:file:./state/driftwarden", "jdbc:h2:file:./restored/driftwarden"));
        long linesBefore = Files.readAllLines(log).size();
        int answersBefore = receiverAnswers.size();
        try (Store copy = Store.open("jdbc:h2:file:" + restored.resolve("driftwarden"))) {
            assertThat(deliveryIds(copy)).isEqualTo(atBackup);
            ScheduledRun restoredDaemon = new ScheduledRun(
                    ConfigLoader.load(copyCfg),
                    copyCfg,
                    true,
                    new DriftwardenMetrics("t", true),
                    io.driftwarden.store.JdbcStorage.forRuns(copy),
                    io.driftwarden.store.JdbcStorage.evidence(copy),
                    Clock.systemUTC());
            restoredDaemon.drainWebhooks("itsm");
        }
        assertThat(receiverAnswers.subList(answersBefore, receiverAnswers.size()))
                .as("the restored copy's deliveries are the receiver's duplicates")
                .hasSize(atBackup.size())
                .containsOnly(409);
        assertThat(Files.readAllLines(log)).hasSize((int) linesBefore);

        // replays: the very request again is a duplicate (409); re-signed 6 minutes ago it is refused (401)
        Map<String, String> last = forwarded.get(forwarded.size() - 1);
        assertThat(post(receiverPort, last.get("body"), last.get("delivery"), last.get("signature")))
                .isEqualTo(409);
        long old = System.currentTimeMillis() / 1000 - 360;
        byte[] body = last.get("body").getBytes(StandardCharsets.UTF_8);
        String stale =
                Signature.header(old, last.get("delivery"), body, List.of(new Signature.Secret("k1", keyBytes(key))));
        assertThat(post(receiverPort, last.get("body"), last.get("delivery"), stale))
                .isEqualTo(401);
        String forged = Signature.header(
                System.currentTimeMillis() / 1000,
                last.get("delivery"),
                body,
                List.of(new Signature.Secret(
                        "k1", "not the secret at all, 32 bytes.".getBytes(StandardCharsets.UTF_8))));
        assertThat(post(receiverPort, last.get("body"), last.get("delivery"), forged))
                .isEqualTo(401);
    }

    private static byte[] keyBytes(Path key) throws Exception {
        return Files.readString(key).strip().getBytes(StandardCharsets.UTF_8);
    }

    private static Set<String> deliveryIds(Store store) {
        return store.tx(c -> {
            Set<String> out = new HashSet<>();
            try (var rs = c.createStatement().executeQuery("SELECT delivery_id FROM webhook_deliveries")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    private static int post(int port, String body, String delivery, String signature) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .header("Driftwarden-Delivery", delivery)
                                .header("Driftwarden-Signature", signature)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private void startReceiver(int port, Path key, Path log) throws Exception {
        receiver = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        Path.of("docs/examples/WebhookReceiver.java")
                                .toAbsolutePath()
                                .toString(),
                        "--port",
                        Integer.toString(port),
                        "--secret",
                        "k1=" + key,
                        "--log",
                        log.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("the reference receiver starts").startsWith("listening on");
    }

    /** The front: 503 with Retry-After, slow (answers after the sender gave up, having forwarded), or a proxy. */
    private void startFront(int port, int receiverPort, Mode initial) throws Exception {
        mode = initial;
        front = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        front.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        front.createContext("/", x -> {
            try (x) {
                byte[] body = x.getRequestBody().readAllBytes();
                if (mode == Mode.ERROR) {
                    x.getResponseHeaders().add("Retry-After", "1");
                    x.sendResponseHeaders(503, -1);
                    return;
                }
                if (mode == Mode.SLOW) {
                    try {
                        Thread.sleep(3000); // the sender's 2-second timeout passes; a slow peer is what this is
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                String delivery = x.getRequestHeaders().getFirst("Driftwarden-Delivery");
                String signature = x.getRequestHeaders().getFirst("Driftwarden-Signature");
                int status;
                try {
                    status = post(receiverPort, new String(body, StandardCharsets.UTF_8), delivery, signature);
                } catch (Exception e) {
                    status = 502;
                }
                receiverAnswers.add(status);
                forwarded.add(Map.of(
                        "body",
                        new String(body, StandardCharsets.UTF_8),
                        "delivery",
                        delivery,
                        "signature",
                        signature));
                x.sendResponseHeaders(status, -1);
            }
        });
        front.start();
    }

    private void motd(String host, String text) throws Exception {
        Files.writeString(dir.resolve("roots").resolve(host).resolve("etc/motd"), text);
    }

    private static void pause(Duration d) {
        await().pollDelay(d).atMost(d.plusSeconds(1)).until(() -> true);
    }

    private static int free() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
