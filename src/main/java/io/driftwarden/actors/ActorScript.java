package io.driftwarden.actors;

import io.driftwarden.collect.ProbeScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fixed, read-only script that gathers what may name who changed a host in a window (actors.sh), with the
 * request embedded as data, and the parser of what it prints.
 */
public final class ActorScript {
    private static final String TEMPLATE = load();

    /** A file's change times as the host's stat saw them. */
    public record FileTimes(Instant mtime, Instant ctime) {}

    /** A bounded text the host returned: the tail of a log, the journal's window, wtmp. */
    public record Blob(String source, String text) {}

    /** What the host returned: its clock and UTC offset (for logs in local time), file times, log texts. */
    public record HostLogs(
            Instant hostNow, ZoneOffset offset, Map<String, FileTimes> files, List<Blob> blobs, boolean complete) {
        public HostLogs {
            files = Map.copyOf(files);
            blobs = List.copyOf(blobs);
        }
    }

    private ActorScript() {}

    public static String render(Instant from, Instant to, List<String> paths) {
        StringBuilder req = new StringBuilder("W ")
                .append(from.getEpochSecond())
                .append(' ')
                .append(to.getEpochSecond())
                .append('\n');
        paths.forEach(p -> req.append("P ").append(ProbeScript.encode(p)).append('\n'));
        return TEMPLATE.replace(
                "@REQUEST_SOURCE@",
                "requests() {\ncat <<'DRIFTWARDEN_REQUEST_END'\n" + req + "DRIFTWARDEN_REQUEST_END\n}\n");
    }

    public static HostLogs parse(byte[] output) {
        Instant now = null;
        ZoneOffset offset = ZoneOffset.UTC;
        Map<String, FileTimes> files = new TreeMap<>();
        List<Blob> blobs = new ArrayList<>();
        boolean complete = false;
        for (String line : new String(output, StandardCharsets.US_ASCII).split("\n")) {
            String[] f = line.split(" ");
            try {
                switch (f[0]) {
                    case "C" -> {
                        now = Instant.ofEpochSecond(Long.parseLong(f[1]));
                        offset = ZoneOffset.of(f[2].substring(0, 3) + ":" + f[2].substring(3));
                    }
                    case "F" ->
                        files.put(
                                text(f[1]),
                                new FileTimes(
                                        Instant.ofEpochSecond(Long.parseLong(f[2])),
                                        Instant.ofEpochSecond(Long.parseLong(f[3]))));
                    case "B" -> blobs.add(new Blob(f[1], f.length > 2 ? text(f[2]) : ""));
                    case "END" -> complete = true;
                    default -> {}
                }
            } catch (RuntimeException e) {
                // a malformed line is skipped: this is a heuristic, and what parsed is still worth showing
            }
        }
        return new HostLogs(now, offset, files, blobs, complete);
    }

    private static String text(String hex) {
        return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
    }

    private static String load() {
        try (InputStream in = ActorScript.class.getResourceAsStream("actors.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
