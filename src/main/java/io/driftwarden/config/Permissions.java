package io.driftwarden.config;

import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Like sshd's StrictModes: a trust file others can write is refused, whatever it says. */
public final class Permissions {
    private Permissions() {}

    public static void refuseWritableByOthers(Path file, String what) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new LoadException(file + ": " + what + " is group- or world-writable; refused (chmod go-w " + file + ")");
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LoadException(file + ": no such file (" + what + ")");
        } catch (IOException e) {
            throw new LoadException(file + ": cannot check permissions of " + what + ": " + e.getMessage());
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
