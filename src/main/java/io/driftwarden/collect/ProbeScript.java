package io.driftwarden.collect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed probe script with one request embedded as a single-quoted literal. Each request line is
 * {@code KIND INDEX [FIELDS]}; names travel as {@code \0ooo} octal escapes of their UTF-8 bytes, so a
 * line holds only letters, digits, {@code / . _ -}, backslashes and spaces: nothing the shell parses.
 */
public final class ProbeScript {
    public static final int VERSION = 1;
    /** The package key under which a listing of every package arrives (not a valid package name). */
    public static final String ALL_PACKAGES = "*";

    private static final String TEMPLATE = load();

    /** What each request index stands for, so the parser can map records back without trusting names. */
    public record Item(char kind, String key) {}

    private final String text;
    private final List<Item> items;
    private final String requestLines;

    private ProbeScript(String text, List<Item> items, String requestLines) {
        this.text = text;
        this.items = List.copyOf(items);
        this.requestLines = requestLines;
    }

    public String text() {
        return text;
    }

    public List<Item> items() {
        return items;
    }

    public static ProbeScript of(ObservationRequest request) {
        List<Item> items = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (FileQuery q : request.files()) {
            String want = !q.hash() ? "-" : q.mayReturnContent() ? "hd" : "h";
            String exp = q.expectedSha256() == null ? "-" : q.expectedSha256();
            line(lines, items, 'F', q.path(), want + " " + encode(exp));
        }
        for (String p : request.packages()) {
            line(lines, items, 'P', p, null);
        }
        for (String s : request.services()) {
            line(lines, items, 'S', s, null);
        }
        for (String k : request.sysctlValues()) {
            items.add(new Item('K', k));
            lines.append("K ")
                    .append(items.size() - 1)
                    .append(' ')
                    .append(encode(ObservationRequest.procPath(k)))
                    .append('\n');
        }
        if (request.sysctlConf()) {
            lines.append("C\n");
        }
        for (String u : request.users()) {
            line(lines, items, 'U', u, null);
        }
        if (request.groups()) {
            lines.append("G\n");
        }
        for (FileQuery q : request.files()) {
            if (q.normalized()) {
                line(lines, items, 'N', q.path(), null);
            }
        }
        for (String d : request.listings()) {
            line(lines, items, 'D', d, null);
        }
        if (request.inventorying().packages()) {
            items.add(new Item('P', ALL_PACKAGES));
            lines.append("A ").append(items.size() - 1).append('\n');
        }
        if (request.inventorying().users()) {
            lines.append("W\n");
        }
        if (request.inventorying().enabledServices()) {
            lines.append("E\n");
        }
        String body = lines.length() == 0 ? "" : lines.substring(0, lines.length() - 1);
        // A single-quoted literal the probe splits into lines and words itself: the lines hold no quote (see the
        // class comment), and neither a here-document nor `read` costs a process or a system call per byte.
        if (body.indexOf('\'') >= 0) {
            throw new IllegalStateException("a request line holds a quote: " + body);
        }
        String embedded = "REQ='" + body + "'";
        return new ProbeScript(
                TEMPLATE.replace("@REQUEST_SOURCE@", embedded).replace("@PREAMBLE@", ""),
                items,
                body.isEmpty() ? "" : body + "\n");
    }

    /**
     * The installed, root-owned probe of sudo mode: the same script, reading its request (at most 16 MiB) on
     * stdin, and stating its version and own sha256 on the first line, outside the checksummed body.
     */
    public static String pinned() {
        return TEMPLATE.replace("@REQUEST_SOURCE@", "REQ=$(head -c 16777216)")
                .replace(
                        "@PREAMBLE@",
                        "printf 'DRIFTWARDEN-PROBE %s %s\\n' " + VERSION + " \"$(sha256sum < \"$0\" | cut -c1-64)\"");
    }

    /** The request lines alone, as the pinned probe reads them on stdin. */
    public String requestLines() {
        return requestLines;
    }

    private static void line(StringBuilder out, List<Item> items, char kind, String key, String extra) {
        items.add(new Item(kind, key));
        out.append(kind).append(' ').append(items.size() - 1).append(' ').append(encode(key));
        if (extra != null) {
            out.append(' ').append(extra);
        }
        out.append('\n');
    }

    /** Encodes every byte outside {@code [A-Za-z0-9/._-]} as a {@code printf %b} octal escape. */
    public static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            boolean safe = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '/'
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (safe) {
                b.append((char) c);
            } else {
                b.append("\\0").append(Integer.toOctalString(0x200 | c).substring(1));
            }
        }
        return b.isEmpty() ? "\\0000" : b.toString();
    }

    private static String load() {
        try (InputStream in = ProbeScript.class.getResourceAsStream("probe.sh")) {
            if (in == null) {
                throw new IllegalStateException("probe.sh missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
