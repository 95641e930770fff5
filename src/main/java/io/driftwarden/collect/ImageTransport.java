package io.driftwarden.collect;

import io.driftwarden.inventory.Host;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Observes a root filesystem directory with NIO, under the same contract as the probe: no link followed
 * at the final component, links resolved inside the root, dpkg status, passwd/group and sysctl.d read
 * directly, service enablement from unit files. Runtime state (running, sysctl values) is not knowable.
 */
public final class ImageTransport implements HostTransport {
    static final long LIMIT_HASH = 64L * 1024 * 1024;
    static final long LIMIT_DIFF = 64 * 1024;
    private static final List<String> SYSCTL_DIRS =
            List.of("/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d");

    @Override
    public HostObservation observe(Host host, ObservationRequest request) {
        Path root = host.root();
        if (root == null || !Files.isDirectory(root)) {
            return new HostObservation.Failed(
                    FailureKind.UNREACHABLE, "image root " + host.rootAsWritten() + " is not a directory");
        }
        Map<Long, String> users = new HashMap<>();
        Map<Long, String> groups = new HashMap<>();
        List<String> passwdLines = lines(root, "/etc/passwd");
        List<String> groupLines = lines(root, "/etc/group");
        firstNames(passwdLines, 2, users);
        firstNames(groupLines, 2, groups);
        Map<String, FileFact> files = new HashMap<>();
        for (FileQuery q : request.files()) {
            files.put(q.path(), file(root, q, users, groups));
        }
        Map<String, PackageFact> packages = new HashMap<>();
        if (!request.packages().isEmpty() || request.inventorying().packages()) {
            Optional<byte[]> status = read(root, "/var/lib/dpkg/status");
            List<PackageInstance> all = status.map(DpkgStatus::parse).orElse(List.of());
            if (request.inventorying().packages()) {
                packages.put(
                        ProbeScript.ALL_PACKAGES,
                        new PackageFact(ProbeScript.ALL_PACKAGES, all, status.isEmpty() ? "unsupported" : null));
            }
            for (String p : request.packages()) {
                packages.put(
                        p,
                        status.isEmpty()
                                ? new PackageFact(p, List.of(), "unsupported")
                                : new PackageFact(p, DpkgStatus.select(all, p), null));
            }
        }
        Map<String, ServiceFact> services = new HashMap<>();
        UnitFiles units = new UnitFiles(root);
        boolean systemd = request.services().isEmpty() || units.present();
        for (String s : request.services()) {
            services.put(s, systemd ? units.fact(s) : new ServiceFact(s, null, null, null));
        }
        Map<String, SysctlFact> sysctls = new HashMap<>();
        for (String k : request.sysctlValues()) {
            sysctls.put(k, new SysctlFact(k, "no-runtime-state", null));
        }
        List<ConfFile> conf = request.sysctlConf() ? sysctlConf(root) : List.of();
        Map<String, String> passwd = new HashMap<>();
        for (String u : request.users()) {
            passwdLines.stream().filter(l -> l.startsWith(u + ":")).findFirst().ifPresent(l -> passwd.put(u, l));
        }
        HostIdentity id = HostIdentity.of(
                firstLine(root, "/etc/hostname"),
                firstLine(root, "/etc/machine-id"),
                osField(root, "ID"),
                osField(root, "VERSION_ID"));
        return new HostObservation.Observed(new Observation(
                id,
                files,
                packages,
                services,
                sysctls,
                conf,
                passwd,
                request.groups() ? groupLines : List.of(),
                request.inventorying().users() ? passwdLines : List.of(),
                request.inventorying().enabledServices() ? units.enabledServices() : List.of(),
                listings(root, request.listings()),
                normalized(root, request.files())));
    }

    /** The digests without comment and blank lines, as the probe computes them. */
    static Map<String, NormalizedFact> normalized(Path root, List<FileQuery> files) {
        Map<String, NormalizedFact> out = new HashMap<>();
        for (FileQuery q : files) {
            if (!q.normalized()) {
                continue;
            }
            RootedPath.Resolved r = RootedPath.resolve(root, q.path());
            String status = r.status();
            String sha = null;
            if (status.equals("ok")) {
                Path p = r.onDisk();
                try {
                    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        status = Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? "not-file" : "absent";
                    } else if (Files.size(p) > LIMIT_HASH) {
                        status = "too-large";
                    } else {
                        sha = io.driftwarden.standard.ResourceParser.sha256(
                                io.driftwarden.standard.Normalizer.apply(Files.readAllBytes(p)));
                    }
                } catch (AccessDeniedException e) {
                    status = "permission-denied";
                } catch (IOException e) {
                    status = "io-error";
                }
            }
            out.put(q.path(), new NormalizedFact(q.path(), status, sha));
        }
        return out;
    }

    /** Each exclusive directory's entries, resolved inside the root like any file (the directory is not followed). */
    static Map<String, DirListing> listings(Path root, List<String> dirs) {
        Map<String, DirListing> out = new HashMap<>();
        for (String dir : dirs) {
            RootedPath.Resolved r = RootedPath.resolve(root, dir);
            if (!r.status().equals("ok")) {
                out.put(dir, new DirListing(dir, r.status(), List.of()));
                continue;
            }
            if (!Files.exists(r.onDisk(), LinkOption.NOFOLLOW_LINKS)) {
                out.put(dir, new DirListing(dir, "absent", List.of()));
            } else if (!Files.isDirectory(r.onDisk(), LinkOption.NOFOLLOW_LINKS)) {
                out.put(dir, new DirListing(dir, "not-directory", List.of()));
            } else {
                try (var entries = Files.list(r.onDisk())) {
                    out.put(
                            dir,
                            new DirListing(
                                    dir,
                                    "ok",
                                    entries.map(e -> e.getFileName().toString()).toList()));
                } catch (AccessDeniedException e) {
                    out.put(dir, new DirListing(dir, "permission-denied", List.of()));
                } catch (IOException | java.io.UncheckedIOException e) {
                    out.put(dir, new DirListing(dir, "io-error", List.of()));
                }
            }
        }
        return out;
    }

    static FileFact file(Path root, FileQuery q, Map<Long, String> users, Map<Long, String> groups) {
        RootedPath.Resolved r = RootedPath.resolve(root, q.path());
        if (!r.status().equals("ok")) {
            return FileFact.missing(q.path(), r.status());
        }
        Path p = r.onDisk();
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return FileFact.missing(q.path(), "absent");
        } catch (AccessDeniedException e) {
            return FileFact.missing(q.path(), "permission-denied");
        } catch (IOException e) {
            return FileFact.missing(q.path(), "io-error");
        }
        int mode = (Integer) a.get("mode");
        long uid = ((Number) a.get("uid")).longValue();
        long gid = ((Number) a.get("gid")).longValue();
        long size = ((Number) a.get("size")).longValue();
        String kind = kind(mode & 0170000);
        String perms = String.format("%04o", mode & 07777);
        String target = null;
        if (kind.equals("link")) {
            try {
                target = Files.readSymbolicLink(p).toString();
            } catch (IOException e) {
                return FileFact.missing(q.path(), "io-error");
            }
        }
        String sha = null;
        String contentError = null;
        Blob content = null;
        if (kind.equals("file") && q.hash()) {
            if (size > LIMIT_HASH) {
                contentError = "too-large";
            } else {
                try {
                    byte[] bytes = size <= LIMIT_DIFF ? Files.readAllBytes(p) : null;
                    sha = bytes != null ? io.driftwarden.standard.ResourceParser.sha256(bytes) : sha256(p);
                    if (q.mayReturnContent()
                            && !sha.equals(q.expectedSha256())
                            && bytes != null
                            && ((mode & 4) != 0 || allowed(root, q.path()))) {
                        content = new Blob(bytes);
                    }
                } catch (AccessDeniedException e) {
                    contentError = "permission-denied";
                } catch (IOException e) {
                    contentError = "io-error";
                }
            }
        }
        return new FileFact(
                q.path(),
                "ok",
                kind,
                perms,
                uid,
                users.get(uid),
                gid,
                groups.get(gid),
                size,
                sha,
                contentError,
                target,
                content);
    }

    private static String kind(int type) {
        return switch (type) {
            case 0100000 -> "file";
            case 0040000 -> "directory";
            case 0120000 -> "link";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            default -> "device";
        };
    }

    /** The probe.allow rule, inside the image: a root-owned list of paths whose bytes may leave the host. */
    private static boolean allowed(Path root, String path) {
        RootedPath.Resolved r = RootedPath.resolve(root, "/etc/driftwarden/probe.allow");
        try {
            if (!r.status().equals("ok")
                    || !Files.isRegularFile(r.onDisk(), LinkOption.NOFOLLOW_LINKS)
                    || ((Number) Files.getAttribute(r.onDisk(), "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue()
                            != 0) {
                return false;
            }
            return ImageFiles.lines(r.onDisk()).contains(path);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<ConfFile> sysctlConf(Path root) {
        List<ConfFile> out = new ArrayList<>();
        for (String dir : SYSCTL_DIRS) {
            RootedPath.Resolved d = RootedPath.resolveFollowing(root, dir);
            if (!d.status().equals("ok") || !Files.isDirectory(d.onDisk())) {
                continue;
            }
            TreeMap<String, String> names = new TreeMap<>(io.driftwarden.standard.ResourceId.Utf8Order::compare);
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d.onDisk(), "*.conf")) {
                for (Path f : s) {
                    String n = f.getFileName().toString();
                    if (!n.startsWith(".")) {
                        names.put(n, dir + "/" + n);
                    }
                }
            } catch (IOException e) {
                continue;
            }
            for (String path : names.values()) {
                conf(root, path).ifPresent(out::add);
            }
        }
        conf(root, "/etc/sysctl.conf").ifPresent(out::add);
        return out;
    }

    private static Optional<ConfFile> conf(Path root, String path) {
        RootedPath.Resolved r = RootedPath.resolveFollowing(root, path);
        if (!r.status().equals("ok") || !Files.exists(r.onDisk())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ConfFile(path, "ok", new Blob(ImageFiles.read(r.onDisk()))));
        } catch (IOException e) {
            return Optional.of(new ConfFile(path, "permission-denied", null));
        }
    }

    private static Optional<byte[]> read(Path root, String path) {
        RootedPath.Resolved r = RootedPath.resolveFollowing(root, path);
        if (!r.status().equals("ok")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageFiles.read(r.onDisk()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> lines(Path root, String path) {
        return read(root, path)
                .map(b -> new String(b, StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("+") && !l.startsWith("-"))
                        .toList())
                .orElse(List.of());
    }

    private static void firstNames(List<String> lines, int idField, Map<Long, String> out) {
        for (String l : lines) {
            String[] f = l.split(":", -1);
            if (f.length > idField) {
                try {
                    out.putIfAbsent(Long.parseLong(f[idField]), f[0]);
                } catch (NumberFormatException e) {
                    // a malformed line names nobody, as for getpwuid
                }
            }
        }
    }

    private static String firstLine(Path root, String path) {
        return read(root, path)
                .map(b -> new String(b, StandardCharsets.UTF_8)
                        .lines()
                        .findFirst()
                        .orElse("")
                        .strip())
                .orElse(null);
    }

    private static String osField(Path root, String key) {
        return read(root, "/etc/os-release")
                .flatMap(b -> new String(b, StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> l.startsWith(key + "="))
                        .findFirst()
                        .map(l -> l.substring(key.length() + 1).replaceAll("^\"|\"$", "")))
                .orElse(null);
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
