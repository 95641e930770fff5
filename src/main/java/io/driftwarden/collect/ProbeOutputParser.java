package io.driftwarden.collect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Parses probe output. The host is hostile: the checksum and record count must match, every record has
 * its fixed field count, every field is literal-safe, {@code -} or {@code %hex}, every index was asked
 * for, and each value is capped. Anything else is a {@link ProbeFormatException}.
 */
public final class ProbeOutputParser {
    public static final int MAX_FIELD_BYTES = 4 * 1024 * 1024;
    private static final Map<String, Integer> FIELDS = Map.ofEntries(
            Map.entry("H", 6),
            Map.entry("F", 14),
            Map.entry("P", 6),
            Map.entry("PE", 3),
            Map.entry("S", 5),
            Map.entry("K", 4),
            Map.entry("C", 4),
            Map.entry("U", 3),
            Map.entry("G", 2),
            Map.entry("W", 2),
            Map.entry("E", 2),
            Map.entry("D", 4),
            Map.entry("N", 4));

    private ProbeOutputParser() {}

    public static Observation parse(byte[] output, List<ProbeScript.Item> items) throws ProbeFormatException {
        int endLine = lastLineStart(output);
        String end = ascii(output, endLine, output.length);
        String[] endFields = end.strip().split(" ");
        if (endFields.length != 3 || !endFields[0].equals("END")) {
            throw new ProbeFormatException("output does not end with an END line (truncated?)");
        }
        String digest = sha256(output, endLine);
        if (!digest.equals(endFields[2])) {
            throw new ProbeFormatException("output checksum mismatch");
        }
        Builder b = new Builder(items);
        int records = 0;
        int start = 0;
        for (int i = 0; i < endLine; i++) {
            if (output[i] == '\n') {
                b.record(split(ascii(output, start, i)), records);
                records++;
                start = i + 1;
            }
        }
        if (start != endLine || !Integer.toString(records).equals(endFields[1])) {
            throw new ProbeFormatException("record count mismatch: END says " + endFields[1] + ", saw " + records);
        }
        return b.build();
    }

    private static int lastLineStart(byte[] out) throws ProbeFormatException {
        int n = out.length;
        if (n == 0 || out[n - 1] != '\n') {
            throw new ProbeFormatException(n == 0 ? "no output" : "output does not end with a newline (truncated?)");
        }
        int i = n - 2;
        while (i >= 0 && out[i] != '\n') {
            i--;
        }
        return i + 1;
    }

    private static String ascii(byte[] b, int from, int to) throws ProbeFormatException {
        for (int i = from; i < to; i++) {
            if (b[i] < 0x20 || b[i] > 0x7e) {
                if (b[i] != '\n') {
                    throw new ProbeFormatException("non-printable byte in probe output");
                }
            }
        }
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    private static String[] split(String line) throws ProbeFormatException {
        String[] f = line.split(" ", -1);
        Integer want = FIELDS.get(f[0]);
        if (want == null) {
            throw new ProbeFormatException("unknown record type '" + f[0] + "'");
        }
        if (f.length != want) {
            throw new ProbeFormatException("record " + f[0] + " has " + f.length + " fields, expected " + want);
        }
        return f;
    }

    /** Decodes one field: {@code -} is null, {@code %hex} is bytes, anything else must be literal-safe. */
    static byte[] bytes(String field) throws ProbeFormatException {
        if (field.equals("-")) {
            return null;
        }
        if (field.startsWith("%")) {
            String hex = field.substring(1);
            if (hex.length() % 2 != 0 || hex.length() / 2 > MAX_FIELD_BYTES) {
                throw new ProbeFormatException("bad or oversized encoded field");
            }
            try {
                return HexFormat.of().parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw new ProbeFormatException("bad hex in field");
            }
        }
        if (field.isEmpty()) {
            throw new ProbeFormatException("empty field");
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "._/:+@,=~-".indexOf(c) >= 0;
            if (!ok) {
                throw new ProbeFormatException("illegal character in literal field");
            }
        }
        return field.getBytes(StandardCharsets.US_ASCII);
    }

    static String text(String field) throws ProbeFormatException {
        byte[] b = bytes(field);
        return b == null ? null : utf8(b);
    }

    /**
     * Host bytes as text; invalid UTF-8 is shown as {@code \xNN} so it never equals a declared value by accident, and so
     * is a NUL byte: no database column takes one (PostgreSQL refuses the whole transaction, one host's value would
     * stop every run from being recorded).
     */
    static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString()
                    .replace("\u0000", "\\x00");
        } catch (CharacterCodingException e) {
            StringBuilder s = new StringBuilder();
            for (byte x : b) {
                int c = x & 0xff;
                s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
            return s.toString();
        }
    }

    private static String sha256(byte[] b, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, 0, len);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accumulates records into an {@link Observation}. */
    private static final class Builder {
        private final List<ProbeScript.Item> items;
        private HostIdentity identity;
        private final Map<String, FileFact> files = new HashMap<>();
        private final Map<String, List<PackageInstance>> packages = new HashMap<>();
        private final Map<String, String> packageErrors = new HashMap<>();
        private final Map<String, ServiceFact> services = new HashMap<>();
        private final Map<String, SysctlFact> sysctls = new HashMap<>();
        private final List<ConfFile> conf = new ArrayList<>();
        private final Map<String, String> passwd = new HashMap<>();
        private final List<String> groups = new ArrayList<>();
        private final List<String> passwdLines = new ArrayList<>();
        private final List<String> enabled = new ArrayList<>();
        private final Map<String, DirListing> listings = new HashMap<>();
        private final Map<String, NormalizedFact> normalized = new HashMap<>();

        Builder(List<ProbeScript.Item> items) {
            this.items = items;
        }

        void record(String[] f, int n) throws ProbeFormatException {
            if (n == 0 != f[0].equals("H")) {
                throw new ProbeFormatException("the first record must be the H header, and only the first");
            }
            switch (f[0]) {
                case "H" -> {
                    if (!f[1].equals(Integer.toString(ProbeScript.VERSION))) {
                        throw new ProbeFormatException("probe version " + f[1] + ", expected " + ProbeScript.VERSION);
                    }
                    identity = HostIdentity.of(text(f[2]), text(f[3]), text(f[4]), text(f[5]));
                }
                case "F" -> {
                    String path = key(f[1], 'F');
                    String status = text(f[2]);
                    if (files.containsKey(path)) {
                        throw new ProbeFormatException("file record repeated");
                    }
                    files.put(
                            path,
                            status.equals("ok")
                                    ? new FileFact(
                                            path,
                                            status,
                                            text(f[3]),
                                            mode(text(f[4])),
                                            number(f[5]),
                                            text(f[6]),
                                            number(f[7]),
                                            text(f[8]),
                                            number(f[9]),
                                            text(f[10]),
                                            text(f[11]),
                                            text(f[12]),
                                            blob(f[13]))
                                    : FileFact.missing(path, status));
                }
                case "P" ->
                    packages.computeIfAbsent(key(f[1], 'P'), k -> new ArrayList<>())
                            .add(new PackageInstance(
                                    text(f[2]), text(f[3]).strip(), nullToEmpty(text(f[4])), text(f[5])));
                case "PE" -> packageErrors.put(key(f[1], 'P'), text(f[2]));
                case "S" -> {
                    String unit = key(f[1], 'S');
                    services.put(unit, new ServiceFact(unit, text(f[2]), text(f[3]), text(f[4])));
                }
                case "K" -> {
                    String k = key(f[1], 'K');
                    sysctls.put(k, new SysctlFact(k, text(f[2]), text(f[3])));
                }
                case "C" -> conf.add(new ConfFile(text(f[1]), text(f[2]), blob(f[3])));
                case "U" -> {
                    String line = text(f[2]);
                    if (line != null) {
                        passwd.put(key(f[1], 'U'), line);
                    }
                }
                case "G" -> groups.add(text(f[1]));
                case "W" -> passwdLines.add(text(f[1]));
                case "E" -> enabled.add(text(f[1]));
                case "N" -> {
                    String path = key(f[1], 'N');
                    String sha = text(f[3]);
                    if (sha != null && !sha.matches("[0-9a-f]{64}")) {
                        throw new ProbeFormatException("bad normalized digest");
                    }
                    if (normalized.put(path, new NormalizedFact(path, text(f[2]), sha)) != null) {
                        throw new ProbeFormatException("normalized record repeated");
                    }
                }
                case "D" -> {
                    String dir = key(f[1], 'D');
                    if (listings.put(dir, new DirListing(dir, text(f[2]), names(bytes(f[3])))) != null) {
                        throw new ProbeFormatException("directory record repeated");
                    }
                }
                default -> throw new ProbeFormatException("unexpected record " + f[0]);
            }
        }

        private String key(String index, char kind) throws ProbeFormatException {
            int i;
            try {
                i = Integer.parseInt(index);
            } catch (NumberFormatException e) {
                throw new ProbeFormatException("bad record index");
            }
            if (i < 0 || i >= items.size() || items.get(i).kind() != kind) {
                throw new ProbeFormatException("record index " + index + " was not asked for");
            }
            return items.get(i).key();
        }

        Observation build() throws ProbeFormatException {
            if (identity == null) {
                throw new ProbeFormatException("no header record");
            }
            Map<String, PackageFact> pk = new HashMap<>();
            for (ProbeScript.Item it : items) {
                if (it.kind() == 'P') {
                    pk.put(
                            it.key(),
                            new PackageFact(
                                    it.key(), packages.getOrDefault(it.key(), List.of()), packageErrors.get(it.key())));
                }
                if (it.kind() == 'F' && !files.containsKey(it.key())) {
                    throw new ProbeFormatException("no record for a requested file");
                }
            }
            for (ProbeScript.Item it : items) {
                if (it.kind() == 'D' && !listings.containsKey(it.key())) {
                    throw new ProbeFormatException("no record for a requested directory");
                }
                if (it.kind() == 'N' && !normalized.containsKey(it.key())) {
                    throw new ProbeFormatException("no record for a requested normalized digest");
                }
            }
            return new Observation(
                    identity,
                    files,
                    pk,
                    services,
                    sysctls,
                    conf,
                    passwd,
                    groups,
                    passwdLines,
                    enabled,
                    listings,
                    normalized);
        }

        /** NUL-terminated names; an empty name, "." or ".." or a "/" cannot come from a directory and is refused. */
        private static List<String> names(byte[] b) throws ProbeFormatException {
            List<String> out = new ArrayList<>();
            if (b == null) {
                return out;
            }
            int start = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == 0) {
                    String name = utf8(java.util.Arrays.copyOfRange(b, start, i));
                    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
                        throw new ProbeFormatException("impossible directory entry name");
                    }
                    out.add(name);
                    start = i + 1;
                }
            }
            if (start != b.length) {
                throw new ProbeFormatException("directory listing not NUL-terminated");
            }
            return out;
        }

        private static String nullToEmpty(String s) {
            return s == null ? "" : s;
        }

        private static Long number(String f) throws ProbeFormatException {
            String t = text(f);
            if (t == null) {
                return null;
            }
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new ProbeFormatException("expected a number, got '" + t + "'");
            }
        }

        private static String mode(String m) throws ProbeFormatException {
            if (m == null) {
                return null;
            }
            if (m.isEmpty() || m.length() > 4 || !m.chars().allMatch(c -> c >= '0' && c <= '7')) {
                throw new ProbeFormatException("bad mode '" + m + "'");
            }
            return "0".repeat(4 - m.length()) + m;
        }

        private static Blob blob(String f) throws ProbeFormatException {
            byte[] b = bytes(f);
            return b == null ? null : new Blob(b);
        }
    }
}
