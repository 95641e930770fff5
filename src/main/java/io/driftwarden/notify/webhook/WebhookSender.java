package io.driftwarden.notify.webhook;

import io.driftwarden.config.Config;
import io.driftwarden.config.Permissions;
import io.driftwarden.config.WebhooksSection;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends one webhook delivery: a POST with the signed body, TLS verified (the system's CAs, or {@code ca_file}'s), no
 * redirect followed, the whole attempt bounded by {@code timeout} (a receiver that trickles its answer is cut off).
 * The answer is judged, never read: 2xx or 409 (the receiver has that id already) is delivered; 408, 429, 5xx and any
 * network failure are worth another try (after {@code Retry-After} when given); any other answer is a refusal.
 * Neither the URL's path nor a secret ever appears in what it reports.
 */
public final class WebhookSender {
    /** How an attempt went: {@code status} 0 when no answer came; {@code retryAfter} null when none was given. */
    public record Outcome(Kind kind, int status, String error, Duration retryAfter) {
        public enum Kind {
            DELIVERED,
            RETRY,
            REFUSED
        }
    }

    private final Config.Webhook endpoint;
    private final URI url;
    private final String shown;
    private final List<Signature.Secret> secrets;
    private final HttpClient client;

    private WebhookSender(Config.Webhook endpoint, URI url, List<Signature.Secret> secrets, HttpClient client) {
        this.endpoint = endpoint;
        this.url = url;
        this.shown = url.getScheme() + "://" + url.getHost();
        this.secrets = List.copyOf(secrets);
        this.client = client;
    }

    /** Reads the endpoint's URL file and secrets (refused when others may read them) and builds its client. */
    public static WebhookSender of(Config.Webhook w, String version) {
        String url = w.url();
        if (url == null) {
            Permissions.refuseReadableByOthers(w.urlFile(), "webhooks." + w.name() + ".url_file");
            url = read(w.urlFile(), "webhooks." + w.name() + ".url_file").strip();
            String bad = WebhooksSection.urlProblem(url).orElse(null);
            if (bad != null) {
                throw new LoadException(w.urlFile() + ": webhooks." + w.name() + ".url_file: " + bad);
            }
        }
        List<Signature.Secret> secrets = new ArrayList<>();
        for (Config.Secret s : w.secrets()) {
            String what = "webhooks." + w.name() + ".secrets." + s.id();
            Permissions.refuseReadableByOthers(s.file(), what);
            byte[] key = read(s.file(), what).strip().getBytes(StandardCharsets.UTF_8);
            if (key.length < 16) {
                throw new LoadException(s.file() + ": " + what + ": at least 16 bytes (openssl rand -hex 32 > FILE)");
            }
            secrets.add(new Signature.Secret(s.id(), key));
        }
        HttpClient.Builder b = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(w.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1);
        if (w.caFile() != null) {
            b.sslContext(trusting(w.caFile(), "webhooks." + w.name() + ".ca_file"));
        }
        return new WebhookSender(w, URI.create(url), secrets, b.build());
    }

    public String name() {
        return endpoint.name();
    }

    /** What log lines and errors may show of the URL. */
    public String shown() {
        return shown;
    }

    /** POSTs {@code body}, signed at {@code now}. */
    public Outcome send(String deliveryId, String event, String episode, long seq, byte[] body, Instant now) {
        HttpRequest.Builder r = HttpRequest.newBuilder(url)
                .timeout(endpoint.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "driftwarden")
                .header("Driftwarden-Delivery", deliveryId)
                .header("Driftwarden-Event", event)
                .header("Driftwarden-Episode", episode)
                .header("Driftwarden-Seq", Long.toString(seq))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!secrets.isEmpty()) {
            r.header(Signature.HEADER, Signature.header(now.getEpochSecond(), deliveryId, body, secrets));
        }
        CompletableFuture<HttpResponse<InputStream>> f =
                client.sendAsync(r.build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> resp = f.get(endpoint.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            Outcome o = judge(
                    resp.statusCode(), resp.headers().firstValue("Retry-After").orElse(null), now);
            discard(resp.body()); // the answer's body is never read: a trickling one cannot hold the sender
            return o;
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Outcome(Outcome.Kind.RETRY, 0, shown + ": no answer within " + endpoint.timeout(), null);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            return new Outcome(
                    Outcome.Kind.RETRY, 0, shown + ": " + c.getClass().getSimpleName() + reason(c), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return new Outcome(Outcome.Kind.RETRY, 0, shown + ": interrupted", null);
        }
    }

    private static void discard(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the answer was judged already; a connection that fails while being dropped costs nothing
            Thread.onSpinWait();
        }
    }

    /** How an answer is taken; public for the tests of its rules. */
    public static Outcome judge(int status, String retryAfter, Instant now) {
        if (status >= 200 && status < 300 || status == 409) {
            return new Outcome(Outcome.Kind.DELIVERED, status, null, null);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Outcome(Outcome.Kind.RETRY, status, "HTTP " + status, RetryAfter.parse(retryAfter, now));
        }
        return new Outcome(Outcome.Kind.REFUSED, status, "HTTP " + status, null);
    }

    private static String reason(Throwable c) {
        String m = c.getMessage();
        if (m == null) {
            return "";
        }
        // the JDK names the URI in some messages: keep no path or query
        return ": " + m.replaceAll("https?://[^\\s/]+[^\\s]*", "<url>");
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoadException(file + ": " + what + ": cannot read: " + e.getMessage());
        }
    }

    private static SSLContext trusting(Path caFile, String what) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new LoadException(caFile + ": " + what + ": no PEM certificate in it");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new LoadException(caFile + ": " + what + ": " + e.getMessage());
        }
    }
}
