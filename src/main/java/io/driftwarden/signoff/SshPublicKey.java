package io.driftwarden.signoff;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * An SSH public key as allowed_signers and SSHSIG carry it: its wire blob (identity: two keys are the
 * same key when their blobs are equal) and the JDK key that verifies with it. Only the key types the
 * sign-off accepts can be built; DSA, certificates and short RSA keys are refused with the reason.
 */
public final class SshPublicKey {
    static final String ED25519 = "ssh-ed25519";
    static final String SK_ED25519 = "sk-ssh-ed25519@openssh.com";
    static final String RSA = "ssh-rsa";
    static final Map<String, String> CURVES = Map.of(
            "ecdsa-sha2-nistp256", "secp256r1", "ecdsa-sha2-nistp384", "secp384r1", "ecdsa-sha2-nistp521", "secp521r1");
    private static final byte[] ED25519_X509_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };
    private static final int MIN_RSA_BITS = 3072;

    private final String type;
    private final byte[] blob;
    private final PublicKey key;
    private final byte[] application;

    private SshPublicKey(String type, byte[] blob, PublicKey key, byte[] application) {
        this.type = type;
        this.blob = blob.clone();
        this.key = key;
        this.application = application;
    }

    public static SshPublicKey fromBlob(byte[] blob) throws SshFormatException {
        SshReader r = new SshReader(blob);
        String type = r.text();
        try {
            if (type.equals(ED25519) || type.equals(SK_ED25519)) {
                byte[] raw = r.string();
                if (raw.length != 32) {
                    throw new SshFormatException("ed25519 key must be 32 bytes");
                }
                byte[] app = type.equals(SK_ED25519) ? r.string() : null;
                r.expectEnd("key");
                byte[] x509 = Arrays.copyOf(ED25519_X509_PREFIX, ED25519_X509_PREFIX.length + 32);
                System.arraycopy(raw, 0, x509, ED25519_X509_PREFIX.length, 32);
                return new SshPublicKey(
                        type,
                        blob,
                        KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)),
                        app);
            }
            if (CURVES.containsKey(type)) {
                String curve = r.text();
                byte[] q = r.string();
                r.expectEnd("key");
                if (!type.endsWith(curve)) {
                    throw new SshFormatException("curve " + curve + " does not match key type " + type);
                }
                AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                params.init(new ECGenParameterSpec(CURVES.get(type)));
                ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
                return new SshPublicKey(
                        type,
                        blob,
                        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point(q, spec), spec)),
                        null);
            }
            if (type.equals(RSA)) {
                BigInteger e = r.mpint();
                BigInteger n = r.mpint();
                r.expectEnd("key");
                if (n.bitLength() < MIN_RSA_BITS) {
                    throw new SshFormatException(
                            "RSA key of " + n.bitLength() + " bits; at least " + MIN_RSA_BITS + " are required");
                }
                return new SshPublicKey(
                        type, blob, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)), null);
            }
        } catch (GeneralSecurityException e) {
            throw new SshFormatException("invalid " + type + " key: " + e.getMessage());
        }
        if (type.equals("ssh-dss")) {
            throw new SshFormatException("DSA keys are refused");
        }
        if (type.contains("-cert-v01@openssh.com")) {
            throw new SshFormatException("certificates are refused: list the signer's plain key");
        }
        throw new SshFormatException("unsupported key type " + type);
    }

    /** Parses {@code TYPE BASE64} as in allowed_signers and .pub files. */
    public static SshPublicKey parse(String type, String base64) throws SshFormatException {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SshFormatException("key is not valid base64");
        }
        SshPublicKey k = fromBlob(blob);
        if (!k.type.equals(type)) {
            throw new SshFormatException("key type " + type + " does not match the key's own type " + k.type);
        }
        return k;
    }

    private static ECPoint point(byte[] q, ECParameterSpec spec) throws SshFormatException {
        int size = (spec.getCurve().getField().getFieldSize() + 7) / 8;
        if (q.length != 1 + 2 * size || q[0] != 4) {
            throw new SshFormatException("EC point must be uncompressed");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(q, 1, 1 + size));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(q, 1 + size, q.length));
        return new ECPoint(x, y);
    }

    public String type() {
        return type;
    }

    public byte[] blob() {
        return blob.clone();
    }

    PublicKey key() {
        return key;
    }

    byte[] application() {
        return application == null ? null : application.clone();
    }

    /** {@code SHA256:<base64>} as ssh-keygen -l prints it. */
    public String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshPublicKey k && Arrays.equals(blob, k.blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return type + " " + fingerprint();
    }
}
