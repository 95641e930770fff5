package io.driftwarden.signoff;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/** Builds SSHSIG signatures by hand for what OpenSSH here will not make: ssh-rsa (SHA-1) and security keys. */
final class HandSigner {
    private HandSigner() {}

    static String armor(byte[] blob) {
        String b64 = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(blob);
        return "-----BEGIN SSH SIGNATURE-----\n" + b64 + "\n-----END SSH SIGNATURE-----\n";
    }

    static byte[] toSign(String namespace, byte[] message) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-512").digest(message);
        return new SshWriter()
                .raw("SSHSIG".getBytes(StandardCharsets.US_ASCII))
                .string(namespace)
                .string(new byte[0])
                .string("sha512")
                .string(h)
                .bytes();
    }

    static byte[] envelope(byte[] publicBlob, String namespace, byte[] sigBlob) {
        return new SshWriter()
                .raw("SSHSIG".getBytes(StandardCharsets.US_ASCII))
                .uint32(1)
                .string(publicBlob)
                .string(namespace)
                .string(new byte[0])
                .string("sha512")
                .string(sigBlob)
                .bytes();
    }

    /** An RSA 3072 key signing with the refused SHA-1 "ssh-rsa" algorithm. */
    static String sshRsaSha1(byte[] message, String namespace, String[] publicLine) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(3072);
        KeyPair kp = g.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
        byte[] blob = new SshWriter()
                .string("ssh-rsa")
                .string(pub.getPublicExponent().toByteArray())
                .string(pub.getModulus().toByteArray())
                .bytes();
        Signature s = Signature.getInstance("SHA1withRSA");
        s.initSign(kp.getPrivate());
        s.update(toSign(namespace, message));
        byte[] sig = new SshWriter().string("ssh-rsa").string(s.sign()).bytes();
        publicLine[0] = "ssh-rsa " + Base64.getEncoder().encodeToString(blob);
        return armor(envelope(blob, namespace, sig));
    }

    /** An sk-ssh-ed25519 signature (as a FIDO token would make it) with the given flags. */
    static String skEd25519(byte[] message, String namespace, int flags, String[] publicLine) throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = kp.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        String app = "ssh:";
        byte[] blob = new SshWriter()
                .string("sk-ssh-ed25519@openssh.com")
                .string(raw)
                .string(app)
                .bytes();
        byte[] appHash = MessageDigest.getInstance("SHA-256").digest(app.getBytes(StandardCharsets.US_ASCII));
        byte[] msgHash = MessageDigest.getInstance("SHA-256").digest(toSign(namespace, message));
        byte[] signed = new SshWriter()
                .raw(appHash)
                .raw(new byte[] {(byte) flags})
                .uint32(7)
                .raw(msgHash)
                .bytes();
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(kp.getPrivate());
        s.update(signed);
        byte[] sig = new SshWriter()
                .string("sk-ssh-ed25519@openssh.com")
                .string(s.sign())
                .raw(new byte[] {(byte) flags})
                .uint32(7)
                .bytes();
        publicLine[0] = "sk-ssh-ed25519@openssh.com " + Base64.getEncoder().encodeToString(blob);
        return armor(envelope(blob, namespace, sig));
    }
}
