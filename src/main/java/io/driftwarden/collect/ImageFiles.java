package io.driftwarden.collect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a file of an image root the way the probe's caps read a host's: only a regular file (a FIFO planted at
 * {@code /etc/passwd} would block the reading thread for ever; a device could be endless), and at most
 * {@link #MAX_BYTES}, checked before reading and again while reading.
 */
final class ImageFiles {
    /** More than any dpkg status, passwd or unit file of a real host; less than a heap can lose to one host. */
    static final long MAX_BYTES = 64L << 20;

    private ImageFiles() {}

    static byte[] read(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new IOException(p + ": not a regular file");
        }
        long size = Files.size(p);
        if (size > MAX_BYTES) {
            throw new IOException(p + ": " + size + " bytes, more than " + MAX_BYTES);
        }
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] b = in.readNBytes((int) MAX_BYTES + 1);
            if (b.length > MAX_BYTES) {
                throw new IOException(p + ": grew past " + MAX_BYTES + " bytes while read");
            }
            return b;
        }
    }

    static List<String> lines(Path p) throws IOException {
        return new String(read(p), StandardCharsets.UTF_8).lines().toList();
    }
}
