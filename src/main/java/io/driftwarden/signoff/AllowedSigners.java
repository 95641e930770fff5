package io.driftwarden.signoff;

import io.driftwarden.standard.Glob;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * OpenSSH's allowed_signers (ssh-keygen(1), ALLOWED SIGNERS): {@code principals [options] keytype key
 * [comment]}. Lines that cannot be used are kept as problems (reported, never trusted).
 *
 * <p>Roles stay apart: a line serves a role only when its {@code namespaces=} says so explicitly. ssh-keygen
 * reads a line without {@code namespaces=} as "any namespace"; here it serves neither role, so a key added
 * for one purpose can never sign for the other.
 */
public final class AllowedSigners {
    /** The two roles and the signature namespace each signs in. */
    public enum Role {
        /** Signs the standard's SIGNOFF. */
        REVIEWER("driftwarden"),
        /** Signs change records, their tombstones and the approvals index. */
        APPROVER("driftwarden-approval");

        private final String namespace;

        Role(String namespace) {
            this.namespace = namespace;
        }

        public String namespace() {
            return namespace;
        }
    }

    /** One usable line. {@code namespaces} null = not given (no role); instants null = unbounded. */
    public record Entry(
            int line,
            List<String> principals,
            List<String> namespaces,
            Instant validAfter,
            Instant validBefore,
            SshPublicKey key) {
        /**
         * An approver line names {@code driftwarden-approval} alone; a reviewer line names {@code driftwarden}
         * literally and nothing that would also let the key sign approvals (a pattern such as
         * {@code driftwarden*} would, for ssh-keygen).
         */
        public boolean serves(Role role) {
            if (namespaces == null) {
                return false;
            }
            return switch (role) {
                case APPROVER -> namespaces.stream().allMatch(Role.APPROVER.namespace()::equals);
                case REVIEWER ->
                    namespaces.contains(Role.REVIEWER.namespace())
                            && namespaces.stream().noneMatch(n -> Glob.matches(n, Role.APPROVER.namespace()));
            };
        }

        boolean validAt(Instant at) {
            return (validAfter == null || !at.isBefore(validAfter))
                    && (validBefore == null || !at.isAfter(validBefore));
        }
    }

    /**
     * Who a key signs for: the single literal principal, or why it counts for nobody. {@code validBefore} is
     * the latest end of the lines that let it (null: unbounded), so a record can see its signer expiring.
     */
    public record Principal(String name, String refusal, Instant validBefore) {
        public Principal(String name, String refusal) {
            this(name, refusal, null);
        }

        public boolean counts() {
            return name != null;
        }
    }

    private final String source;
    private final List<Entry> entries;
    private final List<String> problems;

    private AllowedSigners(String source, List<Entry> entries, List<String> problems) {
        this.source = source;
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    public static AllowedSigners parse(String source, byte[] bytes) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                Entry e = entry(i + 1, line);
                entries.add(e);
                if (e.namespaces() == null) {
                    problems.add(source + ":" + (i + 1) + ": no namespaces=: this key counts for no role; add"
                            + " namespaces=\"driftwarden\" for a reviewer or namespaces=\"driftwarden-approval\""
                            + " for an approver");
                } else if (!e.serves(Role.REVIEWER) && !e.serves(Role.APPROVER)) {
                    problems.add(source + ":" + (i + 1) + ": namespaces=\"" + String.join(",", e.namespaces())
                            + "\" serves no role: a reviewer line names driftwarden (and not the approval"
                            + " namespace), an approver line names driftwarden-approval alone");
                }
            } catch (SshFormatException e) {
                problems.add(source + ":" + (i + 1) + ": " + e.getMessage() + " (line ignored)");
            }
        }
        return new AllowedSigners(source, entries, problems);
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<String> problems() {
        return problems;
    }

    public String source() {
        return source;
    }

    /**
     * The principal a key signs as, in one role at one instant: a key counts only when the lines that list
     * it (and serve the role at that instant) give it exactly one literal principal.
     */
    public Principal principalFor(SshPublicKey key, Role role, Instant at) {
        List<Entry> lines = entries.stream().filter(e -> e.key().equals(key)).toList();
        if (lines.isEmpty()) {
            return new Principal(null, "key " + key.fingerprint() + " is not in " + source);
        }
        List<Entry> inRole = lines.stream().filter(e -> e.serves(role)).toList();
        if (inRole.isEmpty()) {
            return new Principal(
                    null,
                    "key " + key.fingerprint() + " is not valid for namespace " + role.namespace() + ": no line gives"
                            + " it the " + role.name().toLowerCase(java.util.Locale.ROOT) + " role (" + source + ":"
                            + lines.get(0).line() + " needs namespaces=\"" + role.namespace() + "\""
                            + (role == Role.APPROVER ? " alone" : "") + ")");
        }
        // at null: whatever the time (a tombstone only removes approvals: it counts if the key ever was an approver's)
        List<Entry> usable =
                inRole.stream().filter(e -> at == null || e.validAt(at)).toList();
        if (usable.isEmpty()) {
            return new Principal(
                    null,
                    "key " + key.fingerprint() + " is not valid for namespace " + role.namespace() + " at " + at + " ("
                            + source + ":" + inRole.get(0).line() + ")");
        }
        Set<String> names = new TreeSet<>();
        usable.forEach(e -> names.addAll(e.principals()));
        if (names.size() != 1) {
            return new Principal(null, "key " + key.fingerprint() + " is listed for several principals " + names);
        }
        String only = names.iterator().next();
        if (only.contains("*") || only.contains("?") || only.startsWith("!")) {
            return new Principal(null, "key " + key.fingerprint() + " is listed only under the pattern '" + only + "'");
        }
        Instant until = usable.stream().anyMatch(e -> e.validBefore() == null)
                ? null
                : usable.stream()
                        .map(Entry::validBefore)
                        .max(Instant::compareTo)
                        .orElse(null);
        return new Principal(only, null, until);
    }

    /**
     * The principal a key would sign as in a role, its validity aside: names a signature that would count but
     * for the time ({@code outside-key-validity}, never a silent {@code unauthorised}).
     */
    public java.util.Optional<String> principalIgnoringTime(SshPublicKey key, Role role) {
        Set<String> names = new TreeSet<>();
        entries.stream().filter(e -> e.key().equals(key) && e.serves(role)).forEach(e -> names.addAll(e.principals()));
        return names.size() == 1 ? java.util.Optional.of(names.iterator().next()) : java.util.Optional.empty();
    }

    private static Entry entry(int number, String line) throws SshFormatException {
        List<String> tokens = tokens(line);
        if (tokens.size() < 3) {
            throw new SshFormatException("expected: principals [options] keytype key");
        }
        List<String> principals = list(unquote(tokens.get(0)));
        int at = 1;
        List<String> namespaces = null;
        Instant after = null;
        Instant before = null;
        if (!looksLikeKeyType(tokens.get(1))) {
            for (String opt : options(tokens.get(1))) {
                String name =
                        opt.contains("=") ? opt.substring(0, opt.indexOf('=')).toLowerCase(java.util.Locale.ROOT) : opt;
                String value = opt.contains("=") ? unquote(opt.substring(opt.indexOf('=') + 1)) : null;
                switch (name) {
                    case "cert-authority" ->
                        throw new SshFormatException("cert-authority is not supported: list each signer's own key");
                    case "namespaces" -> namespaces = list(required(name, value));
                    case "valid-after" -> after = time(required(name, value));
                    case "valid-before" -> before = time(required(name, value));
                    default -> throw new SshFormatException("unknown option '" + name + "'");
                }
            }
            at = 2;
        }
        if (tokens.size() < at + 2) {
            throw new SshFormatException("missing key");
        }
        SshPublicKey key = SshPublicKey.parse(tokens.get(at), tokens.get(at + 1));
        return new Entry(number, principals, namespaces, after, before, key);
    }

    private static boolean looksLikeKeyType(String t) {
        return t.startsWith("ssh-") || t.startsWith("ecdsa-") || t.startsWith("sk-");
    }

    private static String required(String name, String value) throws SshFormatException {
        if (value == null || value.isEmpty()) {
            throw new SshFormatException("option " + name + " needs a value");
        }
        return value;
    }

    /** OpenSSH timestamps: YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]; without Z the system time zone. */
    static Instant time(String v) throws SshFormatException {
        boolean utc = v.endsWith("Z") || v.endsWith("z");
        String d = utc ? v.substring(0, v.length() - 1) : v;
        ZoneId zone = utc ? ZoneOffset.UTC : ZoneId.systemDefault();
        try {
            return switch (d.length()) {
                case 8 ->
                    LocalDate.parse(d, DateTimeFormatter.BASIC_ISO_DATE)
                            .atStartOfDay(zone)
                            .toInstant();
                case 12 ->
                    LocalDateTime.parse(d, DateTimeFormatter.ofPattern("uuuuMMddHHmm"))
                            .atZone(zone)
                            .toInstant();
                case 14 ->
                    LocalDateTime.parse(d, DateTimeFormatter.ofPattern("uuuuMMddHHmmss"))
                            .atZone(zone)
                            .toInstant();
                default -> throw new SshFormatException("bad timestamp '" + v + "'");
            };
        } catch (DateTimeParseException e) {
            throw new SshFormatException("bad timestamp '" + v + "'");
        }
    }

    /** Splits on whitespace outside double quotes. */
    static List<String> tokens(String line) throws SshFormatException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (!quoted && (c == ' ' || c == '\t')) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new SshFormatException("unterminated quote");
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Options are comma-separated; commas inside quotes belong to the value. */
    private static List<String> options(String token) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : token.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static List<String> list(String s) throws SshFormatException {
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        if (out.isEmpty()) {
            throw new SshFormatException("empty list");
        }
        return out;
    }
}
