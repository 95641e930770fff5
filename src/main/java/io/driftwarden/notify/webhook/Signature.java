package io.driftwarden.notify.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Driftwarden-Signature} header: {@code t=<unix seconds>,kid=<id>,v1=<hex>} with one {@code kid,v1} pair per
 * active secret (two while rotating), where {@code v1} is HMAC-SHA256 over {@code t + "." + delivery_id + "."} and the
 * raw body bytes. The timestamp is the time of this attempt, so a receiver can refuse a replay older than 5 minutes;
 * the delivery id, so it can refuse one it has seen.
 */
public final class Signature {
    public static final String HEADER = "Driftwarden-Signature";

    /** One signing secret: its id, sent with each signature, and its bytes (never logged). */
    public record Secret(String id, byte[] key) {
        @Override
        public String toString() {
            return "secret " + id + " (****)";
        }
    }

    private Signature() {}

    public static String header(long unixSeconds, String deliveryId, byte[] body, List<Secret> secrets) {
        StringBuilder b = new StringBuilder("t=").append(unixSeconds);
        for (Secret s : secrets) {
            b.append(",kid=").append(s.id()).append(",v1=").append(v1(s.key(), unixSeconds, deliveryId, body));
        }
        return b.toString();
    }

    public static String v1(byte[] key, long unixSeconds, String deliveryId, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((unixSeconds + "." + deliveryId + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
