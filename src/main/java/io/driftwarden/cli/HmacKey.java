package io.driftwarden.cli;

import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** The per-installation key behind {@code hmac:} digests of sensitive files; made on first use, owner-only. */
final class HmacKey {
    private HmacKey() {}

    static byte[] load(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                // written whole beside it, then linked into place: the name never holds a partial key, and a
                // second process starting at the same moment either wins the link or uses the winner's key
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".hmac", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.write(tmp, key);
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException e) {
                    // another process made it first; use theirs
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] key = io.driftwarden.yaml.InputFile.read(file, "hmac_key_file");
            if (key.length < 16) {
                throw new LoadException(file + ": hmac_key_file holds fewer than 16 bytes");
            }
            return key;
        } catch (IOException e) {
            throw new LoadException(file + ": hmac_key_file cannot be read or created: " + e.getMessage());
        }
    }
}
