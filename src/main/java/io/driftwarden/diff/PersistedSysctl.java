package io.driftwarden.diff;

import io.driftwarden.collect.ConfFile;
import io.driftwarden.standard.Glob;
import io.driftwarden.standard.ResourceParser;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What boot-time configuration sets for a key, per sysctl.d(5): among same-named files the first
 * directory wins, files apply in name order, later assignments override, /etc/sysctl.conf applies last
 * (as {@code sysctl --system} does).
 */
public final class PersistedSysctl {
    private static final List<String> DIRS = List.of(
            "/etc/sysctl.d/", "/run/sysctl.d/", "/usr/local/lib/sysctl.d/", "/usr/lib/sysctl.d/", "/lib/sysctl.d/");

    /**
     * The value, or why it cannot be known. {@code unreadable} means some file could not be read; {@code source}
     * is the file whose assignment won (null when none did).
     */
    public record Result(String value, boolean unreadable, String source) {
        public Result(String value, boolean unreadable) {
            this(value, unreadable, null);
        }
    }

    private PersistedSysctl() {}

    public static Result resolve(List<ConfFile> files, String key) {
        Map<String, ConfFile> byName = new TreeMap<>(io.driftwarden.standard.ResourceId.Utf8Order::compare);
        ConfFile sysctlConf = null;
        for (String dir : DIRS) {
            for (ConfFile f : files) {
                if (f.path().startsWith(dir) && f.path().indexOf('/', dir.length()) < 0) {
                    byName.putIfAbsent(f.path().substring(dir.length()), f);
                }
            }
        }
        for (ConfFile f : files) {
            if (f.path().equals("/etc/sysctl.conf")) {
                sysctlConf = f;
            }
        }
        LinkedHashMap<String, ConfFile> order = new LinkedHashMap<>();
        byName.values().forEach(f -> order.put(f.path() + "#" + order.size(), f));
        if (sysctlConf != null) {
            order.put("last", sysctlConf);
        }
        String value = null;
        String source = null;
        boolean unreadable = false;
        String want = canonicalKey(key);
        for (ConfFile f : order.values()) {
            if (f.content() == null) {
                unreadable = true;
                continue;
            }
            Optional<String> v = assignment(new String(f.content().bytes(), StandardCharsets.UTF_8), want);
            if (v.isPresent()) {
                value = v.get();
                source = f.path();
            }
        }
        return new Result(value, unreadable, source);
    }

    /** The last assignment of {@code key} in one file (globs in keys match, as systemd-sysctl allows). */
    static Optional<String> assignment(String text, String key) {
        String found = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = line.substring(0, eq).strip();
            if (k.startsWith("-")) {
                k = k.substring(1).strip();
            }
            String ck = canonicalKey(k);
            if (ck.equals(key) || (ck.contains("*") || ck.contains("?")) && Glob.matches(ck, key)) {
                found = ResourceParser.normalizeSysctl(line.substring(eq + 1));
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The file text with every literal assignment of {@code key} set to {@code value}; empty when a pattern
     * (a glob key) assigns it, since rewriting that line would change other keys too.
     */
    public static Optional<String> rewrite(String text, String key, String value) {
        String want = canonicalKey(key);
        StringBuilder out = new StringBuilder();
        boolean glob = false;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (!line.isEmpty() && !line.startsWith("#") && !line.startsWith(";") && eq >= 0) {
                String k = line.substring(0, eq).strip();
                String ck = canonicalKey(k.startsWith("-") ? k.substring(1).strip() : k);
                if (ck.equals(want)) {
                    out.append(key).append(" = ").append(value).append('\n');
                    continue;
                }
                glob |= (ck.contains("*") || ck.contains("?")) && Glob.matches(ck, want);
            }
            out.append(raw).append('\n');
        }
        out.setLength(out.length() - 1);
        return glob ? Optional.empty() : Optional.of(out.toString());
    }

    /** Keys compare in dotted form ({@code net/ipv4/ip_forward} is {@code net.ipv4.ip_forward}). */
    static String canonicalKey(String k) {
        int dot = k.indexOf('.');
        int slash = k.indexOf('/');
        if (slash >= 0 && (dot < 0 || slash < dot)) {
            return k.chars()
                    .map(c -> c == '/' ? '.' : c == '.' ? '/' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString();
        }
        return k;
    }
}
