package io.driftwarden.signoff;

import java.nio.file.Files;
import java.nio.file.Path;

/** Real ssh-keygen keys and signatures for tests outside this package. */
public final class TestKeys {
    private TestKeys() {}

    public static Path generate(Path dir, String name) throws Exception {
        return SshKeygen.key(dir, name, "ed25519", 0);
    }

    public static String publicLine(Path key) throws Exception {
        return SshKeygen.publicLine(key);
    }

    public static String fingerprint(Path key) throws Exception {
        String[] f = publicLine(key).split(" ");
        return SshPublicKey.parse(f[0], f[1]).fingerprint();
    }

    /** Signs {@code file} and moves the signature to {@code to}. */
    public static void sign(Path key, String namespace, Path file, Path to) throws Exception {
        Files.move(SshKeygen.sign(key, namespace, file), to);
    }

    public static int keygenVerify(Path signers, String principal, String namespace, Path sig, Path file)
            throws Exception {
        return SshKeygen.verify(signers, principal, namespace, sig, file, null).exit();
    }
}
