package io.driftwarden.bundle;

import io.driftwarden.standard.PathGlob;
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
 * Every byte of a bundle, read once: regular files by normalized relative path (sorted by UTF-8 bytes),
 * and whatever is not a regular file (links, devices), which a signed bundle must not contain. What is
 * verified and what is parsed are these same bytes.
 */
public final class BundleFiles {
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    private final Path dir;
    private final Map<String, byte[]> files;
    private final List<String> irregular;

    public BundleFiles(Path dir, Map<String, byte[]> files, List<String> irregular) {
        this.dir = dir;
        TreeMap<String, byte[]> sorted = new TreeMap<>(io.driftwarden.standard.ResourceId.Utf8Order::compare);
        files.forEach((k, v) -> sorted.put(k, v.clone()));
        this.files = Collections.unmodifiableMap(sorted);
        this.irregular = List.copyOf(irregular);
    }

    /** Reads {@code dir}, skipping paths matching {@code ignore} (signoff.ignore, default {@code .git/**}). */
    public static BundleFiles read(Path dir, List<String> ignore) {
        if (!Files.isDirectory(dir)) {
            throw new LoadException(dir + ": standards bundle directory not found");
        }
        List<PathGlob> skip = ignore.stream().map(PathGlob::new).toList();
        Map<String, byte[]> files = new TreeMap<>();
        List<String> irregular = new ArrayList<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (rel.isEmpty() || skip.stream().anyMatch(g -> g.matches(rel) || g.matches(rel + "/"))) {
                    continue;
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    byte[] b = Files.readAllBytes(p);
                    total += b.length;
                    if (total > MAX_BYTES) {
                        throw new LoadException(dir + ": the bundle is larger than " + MAX_BYTES + " bytes");
                    }
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
