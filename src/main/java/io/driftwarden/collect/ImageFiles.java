package io.driftwarden.collect;

import io.driftwarden.yaml.InputFile;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a file of an image root the way the probe's caps read a host's: only a regular file (a FIFO planted at
 * {@code /etc/passwd} would block the reading thread for ever; a device could be endless), and at most
 * {@link #MAX_BYTES}, checked before reading and again while reading ({@link InputFile}).
 */
final class ImageFiles {
    /** More than any dpkg status, passwd or unit file of a real host; less than a heap can lose to one host. */
    static final long MAX_BYTES = 64L << 20;

    private ImageFiles() {}

    static byte[] read(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new IOException(p + ": not a regular file");
        }
        try {
            return InputFile.read(p, MAX_BYTES, "an image file");
        } catch (LoadException e) { // too large: unreadable, like any other file the image cannot give
            throw new IOException(e.getMessage(), e);
        }
    }

    static List<String> lines(Path p) throws IOException {
        return new String(read(p), StandardCharsets.UTF_8).lines().toList();
    }
}
