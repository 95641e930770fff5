package io.driftwarden.fleet;

import java.nio.file.Files;
import java.nio.file.Path;

/** An ed25519 key pair made by the real ssh-keygen. */
record Keys(Path privateKey, String publicLine) {
    static Keys generate(Path dir, String name) throws Exception {
        Path k = dir.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", k.toString())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ssh-keygen failed");
        }
        return new Keys(k, Files.readString(Path.of(k + ".pub")).strip());
    }
}
