package io.driftwarden.followup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Stream and delivery ids: hashes of what identifies them, so a second node, or the same store restored from a copy,
 * computes the same ids. A stream opened again after it closed for good is a new stream (its opening time differs).
 */
public final class Ids {
    private Ids() {}

    public static String episode(String instance, String host, String resource, String property, Instant openedAt) {
        return "ep_" + hash("episode", instance, host, resource, property, Long.toString(openedAt.toEpochMilli()));
    }

    public static String host(String instance, String host, Instant openedAt) {
        return "host_" + hash("host", instance, host, Long.toString(openedAt.toEpochMilli()));
    }

    /** Record ids are compared case-insensitively, as the approvals rules do. */
    public static String record(String instance, String id) {
        return "rec_" + hash("record", instance, id.toLowerCase(Locale.ROOT));
    }

    /** sha256 over the stream (the episode), the event and its sequence number: 32 hex. */
    public static String delivery(String streamId, String event, long seq) {
        return hash("driftwarden.delivery/v1", streamId, event, Long.toString(seq));
    }

    static String hash(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
