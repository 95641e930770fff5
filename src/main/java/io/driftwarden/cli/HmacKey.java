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
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.write(file, key);
                } catch (FileAlreadyExistsException e) {
                    // another process made it first; use theirs
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
