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
                throw new LoadException(
                        file + ": " + what + " is group- or world-writable; refused (chmod go-w " + file + ")");
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LoadException(file + ": no such file (" + what + ")");
        } catch (IOException e) {
            throw new LoadException(file + ": cannot check permissions of " + what + ": " + e.getMessage());
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    /** A secret: refused when its group or anyone else may read or write it (whoever owns it: the daemon reads it). */
    public static void refuseReadableByOthers(Path file, String what) {
        try {
            for (PosixFilePermission x : Files.getPosixFilePermissions(file)) {
                if (x.name().startsWith("GROUP") || x.name().startsWith("OTHERS")) {
                    throw new LoadException(file + ": " + what
                            + " is readable or writable by others; refused (chmod 600 " + file + ")");
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LoadException(file + ": no such file (" + what + ")");
        } catch (IOException e) {
            throw new LoadException(file + ": cannot check permissions of " + what + ": " + e.getMessage());
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    /** This process's uid (Linux), empty where it cannot be read. */
    public static java.util.Optional<Integer> currentUid() {
        try {
            return java.util.Optional.of((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** Like ssh with a private key: refused unless the invoking user owns it and nobody else may read or write it. */
    public static void refuseUnlessOwnerOnly(Path file, String what) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            int owner = (Integer) Files.getAttribute(file, "unix:uid");
            int me = currentUid().orElse(owner);
            if (owner != me) {
                throw new LoadException(file + ": " + what + " belongs to uid " + owner + ", not to you (uid " + me
                        + "); it must be the operator's own key");
            }
            for (PosixFilePermission x : p) {
                if (x.name().startsWith("GROUP") || x.name().startsWith("OTHERS")) {
                    throw new LoadException(
                            file + ": " + what + " is accessible by others; refused (chmod 600 " + file + ")");
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LoadException(file + ": no such file (" + what + ")");
        } catch (IOException e) {
            throw new LoadException(file + ": cannot check permissions of " + what + ": " + e.getMessage());
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
