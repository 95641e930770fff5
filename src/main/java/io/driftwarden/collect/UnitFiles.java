package io.driftwarden.collect;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Computes {@code systemctl is-enabled} offline from an image's unit files and links: masked (link to
 * /dev/null), alias (a link under /etc/systemd/system to a unit of another name), enabled (linked from a
 * {@code .wants}/{@code .requires} directory of /etc), disabled (has an [Install] section), static, absent.
 */
public final class UnitFiles {
    private static final List<String> UNIT_DIRS = List.of(
            "/etc/systemd/system",
            "/run/systemd/system",
            "/usr/local/lib/systemd/system",
            "/usr/lib/systemd/system",
            "/lib/systemd/system");

    private final Path root;

    public UnitFiles(Path root) {
        this.root = root;
    }

    /** Whether the image has systemd unit directories at all. */
    public boolean present() {
        return UNIT_DIRS.stream()
                .anyMatch(d -> ok(RootedPath.resolveFollowing(root, d)) != null
                        && Files.isDirectory(ok(RootedPath.resolveFollowing(root, d))));
    }

    /** Every service unit that is enabled (linked from a .wants/.requires directory of /etc). */
    public List<String> enabledServices() {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        Path etc = ok(RootedPath.resolveFollowing(root, "/etc/systemd/system"));
        if (etc == null || !Files.isDirectory(etc)) {
            return List.of();
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(etc)) {
            for (Path d : dirs) {
                String n = d.getFileName().toString();
                if ((n.endsWith(".wants") || n.endsWith(".requires")) && Files.isDirectory(d)) {
                    try (DirectoryStream<Path> units = Files.newDirectoryStream(d, "*.service")) {
                        for (Path u : units) {
                            String name = u.getFileName().toString();
                            if (!name.contains("@") && enabled(name).equals("enabled")) {
                                out.add(name);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            return List.copyOf(out);
        }
        return List.copyOf(out);
    }

    public ServiceFact fact(String unit) {
        String word = enabled(unit);
        String aliasOf = null;
        if (word.equals("alias")) {
            aliasOf = UNIT_DIRS.stream()
                    .map(d -> linkTarget(d + "/" + unit))
                    .flatMap(java.util.Optional::stream)
                    .findFirst()
                    .map(t -> enabled(t.substring(t.lastIndexOf('/') + 1)))
                    .orElse(null);
        }
        return new ServiceFact(unit, null, word, aliasOf);
    }

    private String enabled(String unit) {
        for (String dir : UNIT_DIRS) {
            String path = dir + "/" + unit;
            Path p = ok(RootedPath.resolve(root, path));
            if (p == null || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            var target = linkTarget(path);
            if (target.isPresent()) {
                String t = target.get();
                if (t.equals("/dev/null")) {
                    return dir.startsWith("/run") ? "masked-runtime" : "masked";
                }
                if (!t.substring(t.lastIndexOf('/') + 1).equals(unit)) {
                    return "alias";
                }
            }
            if (linkedFromWants(unit)) {
                return "enabled";
            }
            return hasInstallSection(path) ? "disabled" : "static";
        }
        return "absent";
    }

    private boolean linkedFromWants(String unit) {
        Path etc = ok(RootedPath.resolveFollowing(root, "/etc/systemd/system"));
        if (etc == null || !Files.isDirectory(etc)) {
            return false;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(etc)) {
            for (Path d : dirs) {
                String n = d.getFileName().toString();
                if ((n.endsWith(".wants") || n.endsWith(".requires") || n.endsWith(".upholds"))
                        && Files.exists(d.resolve(unit), LinkOption.NOFOLLOW_LINKS)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private boolean hasInstallSection(String path) {
        Path p = ok(RootedPath.resolveFollowing(root, path));
        if (p == null) {
            return false;
        }
        try {
            boolean inInstall = false;
            for (String line : ImageFiles.lines(p)) {
                String l = line.strip();
                if (l.startsWith("[")) {
                    inInstall = l.equals("[Install]");
                } else if (inInstall) {
                    String key = l.contains("=")
                            ? l.substring(0, l.indexOf('=')).strip().toLowerCase(Locale.ROOT)
                            : "";
                    if (List.of("wantedby", "requiredby", "alias", "also", "upheldby")
                            .contains(key)) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private java.util.Optional<String> linkTarget(String path) {
        Path p = ok(RootedPath.resolve(root, path));
        if (p == null || !Files.isSymbolicLink(p)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Files.readSymbolicLink(p).toString());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static Path ok(RootedPath.Resolved r) {
        return r.status().equals("ok") ? r.onDisk() : null;
    }
}
