package io.driftwarden.diff;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shows a sensitive file's digest as {@code hmac:<16 hex>} under a per-installation key, so reports never carry the digest itself. */
public final class ContentHasher {
    private final byte[] key;

    public ContentHasher(byte[] key) {
        this.key = key.clone();
    }

    /** {@code sha256:<hex>} to {@code hmac:<16 hex>}. */
    public String display(String canonicalSha) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] out = mac.doFinal(canonicalSha.getBytes(StandardCharsets.US_ASCII));
            return "hmac:" + HexFormat.of().formatHex(out).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
