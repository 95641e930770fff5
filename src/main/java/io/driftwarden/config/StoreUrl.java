package io.driftwarden.config;

import java.nio.file.Path;

/**
 * Makes an H2 file URL absolute against the config file's directory (section 6: paths are relative to the
 * config) and turns on H2's auto-server mode, so CLI commands can read the store while the daemon holds it.
 */
public final class StoreUrl {
    private static final String H2_FILE = "jdbc:h2:file:";

    private StoreUrl() {}

    public static String resolve(String url, Path base) {
        if (!url.startsWith(H2_FILE)) {
            return url;
        }
        String rest = url.substring(H2_FILE.length());
        int semi = rest.indexOf(';');
        String path = semi < 0 ? rest : rest.substring(0, semi);
        String options = semi < 0 ? "" : rest.substring(semi);
        String absolute = base.resolve(path).normalize().toString();
        String upper = options.toUpperCase(java.util.Locale.ROOT);
        if (!upper.contains("AUTO_SERVER=")) {
            options += ";AUTO_SERVER=TRUE";
        }
        return H2_FILE + absolute + options;
    }
}
