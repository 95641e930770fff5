package io.driftwarden.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a user-supplied file whole (config, inventory, allowed_signers, a key or secret file), its size checked
 * before a byte is read: a file over the cap is one load error naming it, never an OutOfMemoryError. At most
 * {@code max + 1} bytes are ever read, so a file that grows after the check, or a device, is refused the same way.
 */
public final class InputFile {
    /**
     * 4 MiB: StrictYaml's own limit, and orders of magnitude above any real config, inventory, signer list,
     * signature or key. A larger file is a mistake (a log, an image, /dev/zero) and is refused unread.
     */
    public static final int MAX_BYTES = StrictYaml.MAX_BYTES;

    private InputFile() {}

    /** The file's bytes; {@code what} names it in the error ("the config"). IOExceptions are the caller's to word. */
    public static byte[] read(Path file, String what) throws IOException {
        return read(file, MAX_BYTES, what);
    }

    public static byte[] read(Path file, long max, String what) throws IOException {
        long size = Files.size(file);
        if (size > max) {
            throw tooLarge(file, size, max, what);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw tooLarge(file, -1, max, what);
            }
            return bytes;
        }
    }

    /** The one-line refusal: {@code size} is -1 when the file grew past the cap while being read. */
    public static LoadException tooLarge(Path file, long size, long max, String what) {
        return new LoadException(file + ": " + what + " is " + (size < 0 ? "more than " + max : size)
                + " bytes, over the " + max + "-byte limit; refused without reading it");
    }
}
