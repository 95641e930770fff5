package io.driftwarden.bundle;

import io.driftwarden.approval.ApprovalFiles;
import io.driftwarden.standard.PathGlob;
import io.driftwarden.yaml.InputFile;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every byte of a standard, read once: regular files by normalized relative path (sorted by UTF-8 bytes),
 * and whatever is not a regular file (links, devices), which a signed bundle must not contain. What is
 * verified and what is parsed are these same bytes. The approvals files under {@code approvals/} are not part
 * of it: they are their own source ({@link ApprovalsReader}).
 */
public final class BundleFiles {
    /** The whole bundle: what one run holds in memory and the store keeps per accepted revision. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    /**
     * One file: standards and records are YAML that StrictYaml parses up to this size anyway, and a content
     * source larger than a configuration file is more likely a dropped log or image; pin such a file by sha256.
     */
    public static final int MAX_FILE_BYTES = InputFile.MAX_BYTES;
    /** revision_files.path is VARCHAR(1000) (V1__history.sql): the store keeps each accepted file by its path. */
    public static final int MAX_PATH_LENGTH = 1000;

    private final Path dir;
    private final Map<String, byte[]> files;
    private final List<String> irregular;

    public BundleFiles(Path dir, Map<String, byte[]> files, List<String> irregular) {
        this.dir = dir;
        TreeMap<String, byte[]> sorted = new TreeMap<>(io.driftwarden.standard.ResourceId.Utf8Order::compare);
        // approvals files are not part of the standard: the bytes an old revision kept of them never come back
        files.forEach((k, v) -> {
            if (!ApprovalFiles.inBundle(k)) {
                sorted.put(k, v.clone());
            }
        });
        this.files = Collections.unmodifiableMap(sorted);
        this.irregular =
                irregular.stream().filter(r -> !ApprovalFiles.inBundle(r)).toList();
    }

    /** Reads {@code dir}, skipping paths matching {@code ignore} (signoff.ignore, default {@code .git/**}). */
    public static BundleFiles read(Path given, List<String> ignore) {
        if (!Files.isDirectory(given)) {
            throw new LoadException(given + ": standards bundle directory not found");
        }
        // the bundle's own root may be a link (a git source's checkout/tree, /srv/standards -> /data/...): the walk
        // would not enter it and find an empty bundle; links inside it stay refused
        Path dir;
        try {
            dir = Files.isSymbolicLink(given) ? given.toRealPath() : given;
        } catch (IOException e) {
            throw new LoadException(given + ": cannot resolve the bundle directory: " + e.getMessage());
        }
        List<PathGlob> skip = ignore.stream().map(PathGlob::new).toList();
        Map<String, byte[]> files = new TreeMap<>();
        List<String> irregular = new ArrayList<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (rel.isEmpty()
                        || ApprovalFiles.inBundle(rel) // read as their own source: ApprovalsReader
                        || skip.stream().anyMatch(g -> g.matches(rel) || g.matches(rel + "/"))) {
                    continue;
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    byte[] b = readOne(p, rel, total);
                    total += b.length;
                    files.put(rel, b);
                } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    irregular.add(rel);
                }
            }
        } catch (IOException e) {
            throw new LoadException(dir + ": cannot read the bundle: " + e.getMessage());
        }
        return new BundleFiles(dir, files, irregular);
    }

    /** One file, its path length and size checked before it is read: a huge file is a refusal, never an OutOfMemoryError. */
    private static byte[] readOne(Path p, String rel, long total) throws IOException {
        if (rel.length() > MAX_PATH_LENGTH) {
            throw new LoadException(p.toString().substring(0, p.toString().length() - rel.length() + 60)
                    + "...: the path" + " in the bundle is " + rel.length() + " characters, more than the "
                    + MAX_PATH_LENGTH + " the store keeps");
        }
        long size = Files.size(p);
        if (size > MAX_FILE_BYTES) {
            throw InputFile.tooLarge(p, size, MAX_FILE_BYTES, "a bundle file");
        }
        byte[] b = total + size > MAX_BYTES ? null : InputFile.read(p, MAX_FILE_BYTES, "a bundle file");
        if (b == null || total + b.length > MAX_BYTES) {
            throw new LoadException(p + ": with this file the bundle is larger than " + MAX_BYTES + " bytes; refused");
        }
        return b;
    }

    public Path dir() {
        return dir;
    }

    /** Relative paths of every regular file, sorted by UTF-8 bytes. */
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    public Optional<byte[]> get(String rel) {
        return Optional.ofNullable(files.get(rel)).map(byte[]::clone);
    }

    /** Read-only view without copying, for hashing and parsing. */
    Map<String, byte[]> view() {
        return files;
    }

    public List<String> irregular() {
        return irregular;
    }
}
