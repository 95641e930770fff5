// A reference receiver for driftwarden's webhooks, in one file with the JDK alone (Java 17+):
//
//   java WebhookReceiver.java --port 8080 --secret k1=/etc/receiver/k1 [--secret k2=FILE] --log deliveries.jsonl
//
// It does exactly what docs/webhooks.md asks of a receiver, in order:
//   1. refuse a request whose Driftwarden-Signature header is malformed, or whose body's delivery_id is not the
//      Driftwarden-Delivery header's (400);
//   2. refuse a signature older or newer than 5 minutes: a replay of a captured request (401);
//   3. accept only if some known key id's v1 matches HMAC-SHA256(secret, t + "." + delivery_id + "." + body),
//      compared in constant time (401 otherwise);
//   4. answer 409 to a delivery_id it has already taken (driftwarden counts that as delivered);
//   5. keep the event (here: one JSON line appended to the log, which is read back at start) and answer 200.
// Per episode (episode_id) events carry seq 1, 2, 3...: a ticket system keeps one ticket per episode, orders events
// by seq, and reads a gap as coalesced (coalesced_seqs) or lost to the dead letters.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class WebhookReceiver {
    static final long TOLERANCE_SECONDS = 300;
    static final int MAX_BODY = 1 << 20;
    static final Pattern HEADER = Pattern.compile("t=([0-9]{1,12})((?:,kid=[A-Za-z0-9._-]{1,32},v1=[0-9a-f]{64}){1,2})");
    static final Pattern PAIR = Pattern.compile(",kid=([A-Za-z0-9._-]{1,32}),v1=([0-9a-f]{64})");
    static final Pattern DELIVERY = Pattern.compile("\"delivery_id\":\"([0-9a-f]{32})\"");

    final Map<String, byte[]> secrets = new HashMap<>();
    final Set<String> seen = new HashSet<>();
    final Path log;

    WebhookReceiver(Map<String, byte[]> secrets, Path log) throws IOException {
        this.secrets.putAll(secrets);
        this.log = log;
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = DELIVERY.matcher(line);
                if (m.find()) {
                    seen.add(m.group(1));
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 8080;
        Path log = Path.of("deliveries.jsonl");
        Map<String, byte[]> secrets = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--log" -> log = Path.of(args[i + 1]);
                case "--secret" -> {
                    String[] kv = args[i + 1].split("=", 2);
                    secrets.put(kv[0], Files.readString(Path.of(kv[1])).strip().getBytes(StandardCharsets.UTF_8));
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        WebhookReceiver r = new WebhookReceiver(secrets, log);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", r::handle);
        server.start();
        System.out.println("listening on 127.0.0.1:" + port);
    }

    void handle(HttpExchange x) throws IOException {
        try (x) {
            if (!x.getRequestMethod().equals("POST")) {
                answer(x, 405);
                return;
            }
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            answer(x, judge(x.getRequestHeaders().getFirst("Driftwarden-Signature"),
                    x.getRequestHeaders().getFirst("Driftwarden-Delivery"), body, System.currentTimeMillis() / 1000));
        }
    }

    synchronized int judge(String signature, String deliveryId, byte[] body, long now) throws IOException {
        Matcher h = signature == null ? null : HEADER.matcher(signature);
        Matcher d = DELIVERY.matcher(new String(body, StandardCharsets.UTF_8));
        if (body.length > MAX_BODY || h == null || !h.matches() || deliveryId == null || !d.find()
                || !d.group(1).equals(deliveryId)) {
            return 400; // step 1
        }
        long t = Long.parseLong(h.group(1));
        if (Math.abs(now - t) > TOLERANCE_SECONDS) {
            return 401; // step 2: a replay, or a clock far off
        }
        boolean ok = false;
        Matcher p = PAIR.matcher(h.group(2));
        while (p.find()) {
            byte[] key = secrets.get(p.group(1));
            ok |= key != null && MessageDigest.isEqual(
                    v1(key, t, deliveryId, body).getBytes(StandardCharsets.US_ASCII),
                    p.group(2).getBytes(StandardCharsets.US_ASCII));
        }
        if (!ok) {
            return 401; // step 3
        }
        if (seen.contains(deliveryId)) {
            return 409; // step 4
        }
        // step 5: kept first, then remembered, so an event that could not be written is taken again on the retry
        Files.writeString(log, new String(body, StandardCharsets.UTF_8).replace("\n", " ") + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        seen.add(deliveryId);
        return 200;
    }

    static String v1(byte[] key, long t, String deliveryId, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((t + "." + deliveryId + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void answer(HttpExchange x, int status) throws IOException {
        x.sendResponseHeaders(status, -1);
    }
}
