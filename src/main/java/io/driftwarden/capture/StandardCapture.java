package io.driftwarden.capture;

import io.driftwarden.collect.FileFact;
import io.driftwarden.collect.Observation;
import io.driftwarden.collect.PackageFact;
import io.driftwarden.collect.PackageInstance;
import io.driftwarden.collect.ProbeScript;
import io.driftwarden.diff.Accounts;
import io.driftwarden.diff.PersistedSysctl;
import io.driftwarden.diff.Sensitivity;
import io.driftwarden.standard.Names;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: writes a standard describing a host as it is, for a team's first standard. It records what the host
 * IS, not what it should be: review it before anyone signs it. Every string is double-quoted.
 */
public final class StandardCapture {
    public static final List<String> DEFAULT_PATHS = List.of(
            "/etc/ssh/sshd_config",
            "/etc/ssh/sshd_config.d",
            "/etc/sudoers",
            "/etc/sudoers.d",
            "/etc/localtime",
            "/etc/hosts",
            "/etc/resolv.conf",
            "/etc/fstab",
            "/etc/crontab",
            "/etc/login.defs",
            "/etc/sysctl.conf",
            "/etc/security/limits.conf");
    public static final Set<String> TYPES = Set.of("files", "packages", "services", "sysctl", "users");
    private static final int FIRST_HUMAN_UID = 1000;
    private static final int LAST_HUMAN_UID = 59999;

    private StandardCapture() {}

    /**
     * What a captured package demands of its version: nothing but being installed ({@code PRESENT}, the default: a
     * first standard that pins every version would drift at the next security update), the captured version
     * exactly ({@code EXACT}), or at least it ({@code FLOOR}, the standard's {@code ">= VERSION"}, Debian ordering).
     */
    public enum PackageVersions {
        EXACT,
        FLOOR,
        PRESENT;

        /** The option's word, {@code exact}, {@code floor} or {@code present}. */
        public static PackageVersions of(String word) {
            for (PackageVersions v : values()) {
                if (v.name().toLowerCase(java.util.Locale.ROOT).equals(word)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("must be exact, floor or present, got '" + word + "'");
        }

        /** The {@code version:} line for a captured version, or none. */
        String line(String version) {
            return switch (this) {
                case EXACT -> "\n    version: " + q(version);
                case FLOOR -> "\n    version: " + q(">= " + version);
                case PRESENT -> "";
            };
        }
    }

    public static String render(
            String host,
            Observation o,
            Set<String> types,
            Sensitivity sensitivity,
            Instant at,
            PackageVersions versions) {
        StringBuilder b = new StringBuilder();
        b.append("# Captured from host ")
                .append(host)
                .append(" at ")
                .append(at)
                .append(" by `driftwarden standard capture`.\n");
        b.append(
                "# This is what the host IS. Review every line, keep what the standard should demand, then sign it off.\n");
        b.append("standard: ").append(q("captured-" + host)).append('\n');
        b.append("applies_to: {hosts: [").append(q(host)).append("]}\n");
        b.append("resources:\n");
        if (types.contains("files")) {
            files(b, o, sensitivity);
        }
        if (types.contains("packages")) {
            packages(b, o, versions);
        }
        if (types.contains("services")) {
            for (String unit : o.enabledServices()) {
                b.append("  - service: ").append(q(unit)).append("\n    enabled: true\n");
            }
        }
        if (types.contains("sysctl")) {
            sysctl(b, o);
        }
        if (types.contains("users")) {
            users(b, o);
        }
        return b.toString();
    }

    private static void files(StringBuilder b, Observation o, Sensitivity sensitivity) {
        for (FileFact f : o.files().values()) {
            if (!f.observed() || Names.invisibleCharacter(f.path()).isPresent()) {
                continue;
            }
            b.append("  - file: ").append(q(f.path())).append('\n');
            switch (f.kind()) {
                case "link" ->
                    b.append("    ensure: link\n    target: ")
                            .append(q(f.target()))
                            .append('\n');
                case "directory", "file" -> {
                    if (f.kind().equals("directory")) {
                        b.append("    ensure: directory\n");
                    }
                    b.append("    owner: ")
                            .append(q(f.owner() != null ? f.owner() : "#" + f.uid()))
                            .append('\n');
                    b.append("    group: ")
                            .append(q(f.group() != null ? f.group() : "#" + f.gid()))
                            .append('\n');
                    b.append("    mode: ").append(q(f.mode())).append('\n');
                    if (f.kind().equals("file") && sensitivity.isSensitive(f.path(), null)) {
                        b.append("    # sensitive: its content is never captured; declare sha256 by hand if wanted\n");
                    } else if (f.kind().equals("file") && f.sha256() != null) {
                        b.append("    sha256: ").append(q(f.sha256())).append('\n');
                    }
                }
                default ->
                    b.append("    # a ")
                            .append(f.kind())
                            .append(": declare by hand if the standard should demand it\n");
            }
        }
    }

    private static void packages(StringBuilder b, Observation o, PackageVersions versions) {
        PackageFact all = o.packages().get(ProbeScript.ALL_PACKAGES);
        if (all == null) {
            return;
        }
        Map<String, List<PackageInstance>> byName = new TreeMap<>();
        for (PackageInstance i : all.instances()) {
            if (i.status().equals("ii") || i.status().equals("hi")) {
                byName.computeIfAbsent(i.name(), k -> new ArrayList<>()).add(i);
            }
        }
        for (var e : byName.entrySet()) {
            List<PackageInstance> is = e.getValue();
            // without a version, "installed" is met by any instance: one entry says it; versions that differ by
            // architecture need an entry each, since a version must match every instance its entry names
            if (versions == PackageVersions.PRESENT
                    || is.stream().map(PackageInstance::version).distinct().count() == 1) {
                b.append("  - package: ")
                        .append(q(e.getKey()))
                        .append(versions.line(is.get(0).version()))
                        .append('\n');
            } else {
                for (PackageInstance i : is) {
                    b.append("  - package: ")
                            .append(q(e.getKey() + ":" + i.arch()))
                            .append(versions.line(i.version()))
                            .append('\n');
                }
            }
        }
    }

    private static void sysctl(StringBuilder b, Observation o) {
        TreeSet<String> keys = new TreeSet<>();
        for (var c : o.sysctlConf()) {
            if (c.content() == null) {
                continue;
            }
            for (String line : new String(c.content().bytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                int eq = l.indexOf('=');
                if (eq > 0 && !l.startsWith("#") && !l.startsWith(";")) {
                    String k = l.substring(0, eq).strip().replaceFirst("^-", "");
                    if (!k.contains("*") && !k.contains("?")) {
                        keys.add(k.replace('/', '.'));
                    }
                }
            }
        }
        for (String k : keys) {
            String v = PersistedSysctl.resolve(o.sysctlConf(), k).value();
            if (v != null) {
                b.append("  - sysctl: ")
                        .append(q(k))
                        .append("\n    persisted: ")
                        .append(q(v))
                        .append('\n');
            }
        }
    }

    private static void users(StringBuilder b, Observation o) {
        List<Accounts.GroupEntry> groups = Accounts.groups(o.groupLines());
        TreeMap<String, String> primary = new TreeMap<>();
        for (String line : o.passwdLines()) {
            var u = Accounts.passwd(line).orElse(null);
            if (u == null || !isHuman(u.uid())) {
                continue;
            }
            b.append("  - user: ")
                    .append(q(u.name()))
                    .append("\n    uid: ")
                    .append(u.uid())
                    .append("\n    gid: ")
                    .append(u.gid())
                    .append("\n    home: ")
                    .append(q(u.home()))
                    .append("\n    shell: ")
                    .append(q(u.shell()))
                    .append("\n    groups: [");
            b.append(String.join(
                            ", ",
                            Accounts.supplementary(u, groups).stream()
                                    .map(StandardCapture::q)
                                    .toList()))
                    .append("]\n");
            groups.stream()
                    .filter(g -> g.gid().equals(u.gid()))
                    .findFirst()
                    .ifPresent(g -> primary.put(g.name(), g.gid()));
        }
        primary.forEach((name, gid) -> b.append("  - group: ")
                .append(q(name))
                .append("\n    gid: ")
                .append(gid)
                .append('\n'));
    }

    private static boolean isHuman(String uid) {
        try {
            long n = Long.parseLong(uid);
            return n >= FIRST_HUMAN_UID && n <= LAST_HUMAN_UID;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A YAML double-quoted scalar; JSON escapes are valid YAML escapes. */
    static String q(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
