package io.driftwarden.signoff;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/**
 * An OpenSSH signature ({@code ssh-keygen -Y sign}, PROTOCOL.sshsig) verified with the JDK's own crypto.
 * Parsing never throws anything but {@link SshFormatException}; verification answers with the reason.
 */
public final class SshSig {
    private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
    private static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
    private static final String END = "-----END SSH SIGNATURE-----";
    private static final int MAX_ARMORED = 64 * 1024;
    private static final int SK_USER_PRESENT = 0x01;

    private final SshPublicKey publicKey;
    private final String namespace;
    private final byte[] reserved;
    private final String hashAlgorithm;
    private final byte[] signature;

    private SshSig(SshPublicKey publicKey, String namespace, byte[] reserved, String hashAlgorithm, byte[] signature) {
        this.publicKey = publicKey;
        this.namespace = namespace;
        this.reserved = reserved;
        this.hashAlgorithm = hashAlgorithm;
        this.signature = signature;
    }

    /** Parses an armored signature file. */
    public static SshSig parse(byte[] armored) throws SshFormatException {
        if (armored.length > MAX_ARMORED) {
            throw new SshFormatException("signature file too large");
        }
        String text = new String(armored, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new SshFormatException("not an SSH signature (no BEGIN/END SSH SIGNATURE lines)");
        }
        String body =
                text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("[\\r\\n]", "");
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new SshFormatException("signature is not valid base64");
        }
        SshReader r = new SshReader(blob);
        if (!Arrays.equals(r.bytes(MAGIC.length), MAGIC)) {
            throw new SshFormatException("missing SSHSIG preamble");
        }
        int version = r.uint32();
        if (version != 1) {
            throw new SshFormatException("unsupported SSHSIG version " + version);
        }
        SshPublicKey key = SshPublicKey.fromBlob(r.string());
        String ns = r.text();
        byte[] reserved = r.string();
        String hash = r.text();
        byte[] sig = r.string();
        r.expectEnd("signature");
        if (!hash.equals("sha256") && !hash.equals("sha512")) {
            throw new SshFormatException("unsupported hash algorithm " + hash);
        }
        return new SshSig(key, ns, reserved, hash, sig);
    }

    public SshPublicKey publicKey() {
        return publicKey;
    }

    public String namespace() {
        return namespace;
    }

    /** Checks the signature over {@code message}; returns null when valid, else why not. */
    public String verify(byte[] message, String expectedNamespace) {
        if (!namespace.equals(expectedNamespace)) {
            return "namespace is '" + namespace + "', expected '" + expectedNamespace + "'";
        }
        try {
            byte[] digest = MessageDigest.getInstance(hashAlgorithm.equals("sha256") ? "SHA-256" : "SHA-512")
                    .digest(message);
            byte[] signed = new SshWriter()
                    .raw(MAGIC)
                    .string(namespace)
                    .string(reserved)
                    .string(hashAlgorithm)
                    .string(digest)
                    .bytes();
            return check(signed);
        } catch (SshFormatException e) {
            return "malformed signature: " + e.getMessage();
        } catch (GeneralSecurityException e) {
            return "signature does not verify (" + e.getMessage() + ")";
        }
    }

    private String check(byte[] signed) throws SshFormatException, GeneralSecurityException {
        SshReader r = new SshReader(signature);
        String format = r.text();
        byte[] sig = r.string();
        String keyType = publicKey.type();
        Signature verifier;
        byte[] data = signed;
        switch (format) {
            case SshPublicKey.ED25519 -> {
                requireKey(keyType, SshPublicKey.ED25519, format);
                verifier = Signature.getInstance("Ed25519");
            }
            case SshPublicKey.SK_ED25519 -> {
                requireKey(keyType, SshPublicKey.SK_ED25519, format);
                int flags = r.byte8();
                int counter = r.uint32();
                if ((flags & SK_USER_PRESENT) == 0) {
                    return "security-key signature made without user presence";
                }
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                byte[] app = sha.digest(publicKey.application());
                byte[] msg = MessageDigest.getInstance("SHA-256").digest(signed);
                data = new SshWriter()
                        .raw(app)
                        .raw(new byte[] {(byte) flags})
                        .uint32(counter)
                        .raw(msg)
                        .bytes();
                verifier = Signature.getInstance("Ed25519");
            }
            case "rsa-sha2-256", "rsa-sha2-512" -> {
                requireKey(keyType, SshPublicKey.RSA, format);
                verifier = Signature.getInstance(format.endsWith("256") ? "SHA256withRSA" : "SHA512withRSA");
            }
            case "ssh-rsa" -> {
                return "ssh-rsa (SHA-1) signatures are refused: sign with rsa-sha2-256 or rsa-sha2-512";
            }
            default -> {
                if (!SshPublicKey.CURVES.containsKey(format)) {
                    return "unsupported signature type " + format;
                }
                requireKey(keyType, format, format);
                verifier = Signature.getInstance(
                        switch (format) {
                            case "ecdsa-sha2-nistp256" -> "SHA256withECDSA";
                            case "ecdsa-sha2-nistp384" -> "SHA384withECDSA";
                            default -> "SHA512withECDSA";
                        });
                SshReader rs = new SshReader(sig);
                BigInteger rr = rs.mpint();
                BigInteger ss = rs.mpint();
                rs.expectEnd("ECDSA signature");
                sig = der(rr, ss);
            }
        }
        r.expectEnd("signature blob");
        verifier.initVerify(publicKey.key());
        verifier.update(data);
        return verifier.verify(sig) ? null : "signature does not match the signed bytes";
    }

    private static void requireKey(String keyType, String want, String format) throws SshFormatException {
        if (!keyType.equals(want)) {
            throw new SshFormatException("signature type " + format + " does not fit key type " + keyType);
        }
    }

    /** ASN.1 DER SEQUENCE { INTEGER r, INTEGER s }, which the JDK's ECDSA verifier takes. */
    private static byte[] der(BigInteger r, BigInteger s) {
        byte[] a = r.toByteArray();
        byte[] b = s.toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] x : new byte[][] {a, b}) {
            body.write(0x02);
            length(body, x.length);
            body.writeBytes(x);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        length(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void length(ByteArrayOutputStream out, int n) {
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        }
    }
}
