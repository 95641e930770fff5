package io.driftwarden.run;

import io.driftwarden.config.Config;
import io.driftwarden.diff.ContentHasher;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.diff.Sensitivity;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The comparison rules of a config: which paths are sensitive, and the per-installation key behind the {@code hmac:}
 * digests of their content (made on first use, owner-only). Every run, revert and adopt compares with these.
 */
public final class ComparisonRules {
    private ComparisonRules() {}

    public static DiffEngine engine(Config cfg) {
        return new DiffEngine(
                new Sensitivity(cfg.reports().sensitivePaths()), new ContentHasher(key(cfg.hmacKeyFile())));
    }

    private static byte[] key(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                // written whole beside it, then linked into place: the name never holds a partial key, and a
                // second process starting at the same moment either wins the link or uses the winner's key
                Path tmp = Files.createTempFile(
                        file.toAbsolutePath().getParent(),
                        ".hmac",
                        ".tmp",
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
