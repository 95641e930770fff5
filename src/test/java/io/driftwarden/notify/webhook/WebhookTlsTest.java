package io.driftwarden.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.driftwarden.config.Config;
import io.driftwarden.notify.TestTls;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender against a real TLS receiver: trusted through {@code ca_file} it delivers; without it the certificate
 * is refused (never delivered, tried again); a redirect is never followed; no error names the URL's path.
 */
class WebhookTlsTest {
    HttpsServer server;
    final AtomicInteger hits = new AtomicInteger();
    volatile int answer = 200;

    @BeforeEach
    void start() throws Exception {
        TestTls.ensure();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TestTls.KEYSTORE)) {
            ks.load(in, TestTls.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, TestTls.PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", x -> {
            try (x) {
                x.getRequestBody().readAllBytes();
                hits.incrementAndGet();
                if (answer == 302) {
                    x.getResponseHeaders().add("Location", "https://elsewhere.example.com/");
                }
                x.sendResponseHeaders(answer, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    WebhookSender sender(Path ca) {
        return WebhookSender.of(
                new Config.Webhook(
                        "itsm",
                        "https://localhost:" + server.getAddress().getPort() + "/hooks/T0SECRETPATH",
                        null,
                        "json",
                        false,
                        List.of(),
                        List.of("all"),
                        ca,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(3),
                        3,
                        Duration.ofSeconds(1)),
                "test");
    }

    WebhookSender.Outcome send(WebhookSender s) {
        return s.send("d1", "resolved", "ep_1", 1, "{}".getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    @Test
    void trustedThroughItsCaFileItDelivers() {
        assertThat(send(sender(TestTls.CA)).kind()).isEqualTo(WebhookSender.Outcome.Kind.DELIVERED);
        assertThat(hits).hasValue(1);
    }

    @Test
    void anUntrustedCertificateIsNeverDeliveredAndTheErrorNamesNoPath() {
        WebhookSender.Outcome o = send(sender(null));
        assertThat(o.kind()).isEqualTo(WebhookSender.Outcome.Kind.RETRY);
        assertThat(o.error()).startsWith("https://localhost: ").doesNotContain("T0SECRETPATH");
        assertThat(hits).hasValue(0);
    }

    @Test
    void aRedirectIsNeverFollowed() {
        answer = 302;
        WebhookSender.Outcome o = send(sender(TestTls.CA));
        assertThat(o.kind()).isEqualTo(WebhookSender.Outcome.Kind.REFUSED);
        assertThat(o.status()).isEqualTo(302);
        assertThat(hits).hasValue(1);
    }
}
