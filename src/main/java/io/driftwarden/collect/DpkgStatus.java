package io.driftwarden.collect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code /var/lib/dpkg/status} the way {@code dpkg-query -W} reports it (status abbreviations). */
public final class DpkgStatus {
    private static final Map<String, String> WANT =
            Map.of("unknown", "u", "install", "i", "hold", "h", "deinstall", "r", "purge", "p");
    private static final Map<String, String> EFLAG = Map.of("ok", "", "reinstreq", "R");
    private static final Map<String, String> STATE = Map.of(
            "not-installed",
            "n",
            "config-files",
            "c",
            "half-installed",
            "H",
            "unpacked",
            "U",
            "half-configured",
            "F",
            "triggers-awaited",
            "W",
            "triggers-pending",
            "t",
            "installed",
            "i");

    private DpkgStatus() {}

    public static List<PackageInstance> parse(byte[] status) {
        List<PackageInstance> out = new ArrayList<>();
        String name = null;
        String state = null;
        String version = "";
        String arch = null;
        for (String line : (new String(status, StandardCharsets.UTF_8) + "\n\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (name != null && state != null) {
                    out.add(new PackageInstance(name, state, version, arch == null ? "" : arch));
                }
                name = null;
                state = null;
                version = "";
                arch = null;
            } else if (line.startsWith("Package: ")) {
                name = line.substring(9).strip();
            } else if (line.startsWith("Status: ")) {
                state = abbreviate(line.substring(8).strip());
            } else if (line.startsWith("Version: ")) {
                version = line.substring(9).strip();
            } else if (line.startsWith("Architecture: ")) {
                arch = line.substring(14).strip();
            }
        }
        return out;
    }

    /** {@code install ok installed} becomes {@code ii}; an unknown word keeps the host's text visible. */
    static String abbreviate(String status) {
        String[] w = status.split("\\s+");
        if (w.length != 3 || !WANT.containsKey(w[0]) || !EFLAG.containsKey(w[1]) || !STATE.containsKey(w[2])) {
            return status.replace(' ', '_');
        }
        return WANT.get(w[0]) + STATE.get(w[2]) + EFLAG.get(w[1]);
    }

    /** The instances a query names: {@code name} matches every architecture, {@code name:arch} one. */
    public static List<PackageInstance> select(List<PackageInstance> all, String query) {
        if (!query.matches("[a-z0-9][a-z0-9+.-]*(:[a-z0-9-]+)?")) {
            return List.of();
        }
        int colon = query.indexOf(':');
        String name = colon < 0 ? query : query.substring(0, colon);
        String arch = colon < 0 ? null : query.substring(colon + 1);
        return all.stream()
                .filter(p -> p.name().equals(name) && (arch == null || arch.equals(p.arch())))
                .toList();
    }
}
