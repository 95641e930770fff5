package io.driftwarden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwarden.notify.TestTls;
import io.driftwarden.notify.TricklingRelay;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a process against peers that never finish: a mail relay that trickles its greeting, and HTTP
 * clients that send half a request. Runs keep happening and every listener keeps answering.
 */
class HostilePeersIT {
    static final Path DEMO = Path.of("test-fixtures/demo");

    @TempDir
    Path dir;

    @BeforeAll
    static void demo() throws Exception {
        DaemonIT.demo();
        TestTls.ensure();
    }

    Path config(int port, String email) throws Exception {
        io.driftwarden.TestFiles.copyTree(DEMO.resolve("build/standards"), dir.resolve("standards"));
        Files.writeString(dir.resolve("token"), "s3cret\n");
        return Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "instance: it\nstandards: standards\ninventory: "
                        + DEMO.resolve("inventory.yaml").toAbsolutePath() + "\nreports_dir: reports\n"
                        + "store: {url: \"jdbc:h2:file:./state/driftwarden\"}\nhmac_key_file: state/hmac.key\n"
                        + "signoff: {allowed_signers: "
                        + DEMO.resolve("build/allowed_signers").toAbsolutePath() + ", required: 2}\n"
                        + "schedule: {cron: \"0 0 0 1 1 ? 2099\"}\nhttp: {listen: \"127.0.0.1:" + port
                        + "\", api_listen: \"127.0.0.1:"
                        + (port + 1) + "\", api_token_file: token}\n" + email);
    }

    static double runs(DaemonProcess d) {
        double n = 0;
        for (String l : d.metrics().split("\n")) {
            if (l.startsWith("driftwarden_audit_runs_total{")) {
                n += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }

    static int request(int port, String method, String path, Duration timeout) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout)
                .header("Authorization", "Bearer s3cret");
        HttpRequest r = method.equals("POST")
                ? b.POST(HttpRequest.BodyPublishers.noBody()).build()
                : b.GET().build();
        return DaemonProcess.HTTP
                .send(r, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void aTricklingMailRelayNeverStallsTheRuns() throws Exception {
        try (TricklingRelay relay = new TricklingRelay(TricklingRelay.Mode.PLAIN, 300)) {
            int port = DaemonIT.freePort();
            Path cfg = config(
                    port,
                    "email: {smtp: {host: localhost, port: " + relay.port() + ", security: starttls, ca_file: "
                            + TestTls.CA + "}, from: driftwarden@example.com, to: [cab@example.com], policy: every-run,"
                            + " timeout: 2s, send_deadline: 4s, retry_after: 1s}\n");
            try (DaemonProcess d = DaemonProcess.start(cfg, port, dir.resolve("daemon.log"))) {
                d.await(Duration.ofSeconds(30), () -> runs(d) >= 1);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> relay.connections() >= 1); // the report is on the wire
                for (int want = 2; want <= 3; want++) {
                    assertThat(request(port + 1, "POST", "/api/runs", Duration.ofSeconds(5)))
                            .isEqualTo(202);
                    int w = want;
                    d.await(Duration.ofSeconds(20), () -> runs(d) >= w);
                }
                try {
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> d.sample("driftwarden_email_send_deadline_exceeded_total") >= 1);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError(d.metrics() + "\n" + Files.readString(d.log), e);
                }
                assertThat(d.sample("driftwarden_email_outbox_pending")).isGreaterThanOrEqualTo(1);
                assertThat(Files.readString(d.log)).contains("still sending after 4 s (email.send_deadline)");
                assertThat(d.terminate(15)).isIn(0, 143);
            }
        }
    }

    @Test
    void halfSentRequestsStarveNoListenerAndAreCutOffAtTheDeadline() throws Exception {
        int port = DaemonIT.freePort();
        Path cfg = config(port, "");
        try (DaemonProcess d = DaemonProcess.start(cfg, port, dir.resolve("daemon.log"))) {
            d.await(Duration.ofSeconds(30), () -> runs(d) >= 1);
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Socket s = new Socket("127.0.0.1", port + i % 2); // both listeners, before any token is checked
                OutputStream out = s.getOutputStream();
                out.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthor".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(s);
            }
            // a well-behaved first request, then a second one trickled on the same keep-alive connection
            Socket keepAlive = new Socket("127.0.0.1", port);
            keepAlive
                    .getOutputStream()
                    .write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /metr"
                            .getBytes(StandardCharsets.US_ASCII));
            keepAlive.getOutputStream().flush();
            slow.add(keepAlive);
            long t0 = System.nanoTime();
            assertThat(request(port, "GET", "/healthz", Duration.ofSeconds(3))).isEqualTo(200);
            assertThat(request(port, "GET", "/metrics", Duration.ofSeconds(3))).isEqualTo(200);
            assertThat(request(port, "GET", "/readyz", Duration.ofSeconds(3))).isEqualTo(200);
            assertThat(request(port + 1, "GET", "/api/runs/latest", Duration.ofSeconds(3)))
                    .isEqualTo(200);
            assertThat(request(port + 1, "POST", "/api/runs", Duration.ofSeconds(3)))
                    .isIn(202, 409);
            // the half-sent ones are closed by the server once the request deadline (10 s) has passed
            for (Socket s : slow) {
                s.setSoTimeout(20_000);
                try (s;
                        InputStream in = s.getInputStream()) {
                    if (s == keepAlive) { // its first request is answered in full, then the connection is closed
                        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                                .startsWith("HTTP/1.1 200")
                                .endsWith("ok\n");
                        continue;
                    }
                    assertThat(in.read())
                            .as("a half-sent request is closed, not answered")
                            .isEqualTo(-1);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("a half-sent request was still open after 20 s", e);
                } catch (java.net.SocketException e) {
                    // reset by the server: closed too
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .isBetween(Duration.ofSeconds(8), Duration.ofSeconds(16));
            assertThat(d.terminate(15)).isIn(0, 143);
        }
    }
}
