package io.driftwarden.standard;

import io.driftwarden.yaml.Mark;
import java.io.ByteArrayOutputStream;
import java.time.Instant;

/**
 * A file's {@code compare: ignore-comments-and-blank-lines}: its content is judged without the lines that are blank or
 * whose first non-blank character is {@code #}. It relaxes what counts as drift, so like a change record it carries a
 * justification and an expiry, and reviewers sign it with the standard; once expired ({@code lapsed}) the file is
 * compared exactly again. Caveat: two files that differ only in comments can still behave differently (a program
 * that reads {@code #} inside a value), and the order of the remaining lines still counts (sshd takes the first value
 * it reads for most keywords).
 */
public record Normalizer(String justification, Instant expires, Mark at, boolean lapsed) {
    public static final String IGNORE_COMMENTS = "ignore-comments-and-blank-lines";

    /** The same normalizer judged at {@code now}. */
    public Normalizer at(Instant now) {
        return new Normalizer(justification, expires, at, !now.isBefore(expires));
    }

    /**
     * The bytes as the probe's {@code grep -a -v -E '^[[:space:]]*(#|$)'} leaves them in the C locale: every kept line
     * ends with a newline; space, tab, CR, VT and FF count as blank.
     */
    public static byte[] apply(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length);
        int start = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            int i = start;
            while (i < end && isSpace(content[i])) {
                i++;
            }
            if (i < end && content[i] != '#') {
                out.write(content, start, end - start);
                out.write('\n');
            }
            start = end + 1;
        }
        return out.toByteArray();
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == 0x0b || b == '\f';
    }

    /** Shown with a content drift judged under it. */
    public String note() {
        return lapsed
                ? "its compare: " + IGNORE_COMMENTS + " expired at " + expires + " (" + at.shortForm()
                        + "): compared exactly"
                : "compared ignoring comments and blank lines until " + expires + " (" + at.shortForm() + ": "
                        + justification + ")";
    }
}
