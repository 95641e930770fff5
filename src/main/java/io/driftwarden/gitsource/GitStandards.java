package io.driftwarden.gitsource;

import io.driftwarden.config.Config;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the standards bundle from a git repository: fetches the configured ref into a bare repository under
 * {@code checkout}, and exports the commit's tree to {@code checkout/trees/<commit>}, which the run then admits
 * exactly as a directory (SIGNOFF and its signatures decide; git is transport, never trust). {@code checkout/tree}
 * links to the newest export for people and the {@code standard} commands. When the remote cannot be reached, the
 * last fetched commit is used and the log says so; with none fetched yet, the run cannot happen.
 */
public final class GitStandards {
    private static final Logger LOG = LoggerFactory.getLogger(GitStandards.class);
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    /** Where the fetched branches and tags are kept, apart from anything else in the repository. */
    private static final String MIRROR = "refs/driftwarden/";
    /** One file of the bundle, as BundleFiles bounds it; a larger blob is not exported at all. */
    private static final long MAX_BLOB = 4L << 20;

    /** The exported tree of {@code commit}; {@code warning} says why it is not the remote's current one, if so. */
    public record Fetched(Path tree, String commit, String warning) {}

    private GitStandards() {}

    public static Fetched fetch(Config.GitSource g) {
        try {
            Files.createDirectories(g.checkout());
            try (FileChannel ch = FileChannel.open(g.checkout().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                return fetchLocked(g);
            }
        } catch (IOException e) {
            throw new LoadException("standards.checkout: " + g.checkout() + ": " + e.getMessage());
        }
    }

    private static Fetched fetchLocked(Config.GitSource g) throws IOException {
        Path repoDir = g.checkout().resolve("repo.git");
        try (Git git = Files.isDirectory(repoDir) ? Git.open(repoDir.toFile()) : Git.init().setBare(true)
                .setDirectory(repoDir.toFile()).call()) {
            String warning = null;
            try {
                git.fetch().setRemote(g.url()).setTimeout((int) Math.max(1, g.timeout().toSeconds())).setForceUpdate(true)
                        .setRemoveDeletedRefs(true)
                        .setRefSpecs(new RefSpec("+refs/heads/*:" + MIRROR + "heads/*"), new RefSpec("+refs/tags/*:" + MIRROR + "tags/*"))
                        .setTransportConfigCallback(new GitTransports(g)).call();
            } catch (GitAPIException | RuntimeException e) {
                warning = "standards.git: " + g.url() + ": fetch failed (" + oneLine(e) + "); using the last fetched commit";
            }
            ObjectId id = resolve(git.getRepository(), g.ref());
            if (id == null) {
                throw new LoadException(warning != null ? warning.replace("; using the last fetched commit", "; nothing fetched yet")
                        : "standards.ref: '" + g.ref() + "' is neither a branch nor a tag of " + g.url());
            }
            if (warning != null) {
                LOG.warn("{} {}", warning, id.name());
            }
            Path tree = export(git.getRepository(), id, g.checkout());
            return new Fetched(tree, id.name(), warning);
        } catch (GitAPIException e) {
            throw new LoadException("standards.checkout: " + repoDir + ": " + oneLine(e));
        }
    }

    private static ObjectId resolve(Repository repo, String ref) throws IOException {
        for (String name : List.of(MIRROR + "heads/" + ref, MIRROR + "tags/" + ref)) {
            ObjectId id = repo.resolve(name + "^{commit}");
            if (id != null) {
                return id;
            }
        }
        return COMMIT.matcher(ref).matches() && repo.getObjectDatabase().has(ObjectId.fromString(ref)) ? ObjectId.fromString(ref) : null;
    }

    /** Writes the commit's tree once (to a temporary name, then renamed), links {@code tree} to it, drops older ones. */
    private static Path export(Repository repo, ObjectId id, Path checkout) throws IOException {
        Path trees = Files.createDirectories(checkout.resolve("trees"));
        Path target = trees.resolve(id.name());
        if (!Files.isDirectory(target)) {
            Path tmp = Files.createTempDirectory(trees, ".export-");
            try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
                RevCommit commit = walk.parseCommit(id);
                tw.addTree(commit.getTree());
                tw.setRecursive(true);
                while (tw.next()) {
                    write(repo, tw, tmp);
                }
            } catch (IOException | RuntimeException e) {
                deleteTree(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        Path link = checkout.resolve("tree.tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, checkout.relativize(target));
        Files.move(link, checkout.resolve("tree"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> old = Files.list(trees)) {
            for (Path p : old.filter(p -> !p.equals(target)).toList()) {
                deleteTree(p);
            }
        }
        return target;
    }

    /**
     * One entry: a file as a regular file (executable bit dropped: a bundle holds data), a link as a link (the bundle's
     * own check refuses it, naming it, as it would in a directory), a submodule as an error.
     */
    private static void write(Repository repo, TreeWalk tw, Path root) throws IOException {
        Path out = root.resolve(tw.getPathString()).normalize();
        if (!out.startsWith(root)) {
            throw new LoadException("standards.git: " + tw.getPathString() + ": a path outside the tree");
        }
        Files.createDirectories(out.getParent());
        FileMode mode = tw.getFileMode(0);
        var loader = mode == FileMode.GITLINK ? null : repo.open(tw.getObjectId(0));
        if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
            if (loader.getSize() > MAX_BLOB) {
                throw new LoadException("standards.git: " + tw.getPathString() + ": " + loader.getSize()
                        + " bytes, more than a bundle file may hold (" + MAX_BLOB + ")");
            }
            try (OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
                loader.copyTo(o);
            }
        } else if (mode == FileMode.SYMLINK) {
            Files.createSymbolicLink(out, Path.of(new String(loader.getCachedBytes(4096), StandardCharsets.UTF_8)));
        } else {
            throw new LoadException("standards.git: " + tw.getPathString() + ": a submodule; a bundle holds files only");
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) {
            m += ": " + c.getMessage();
        }
        return m.replaceAll("\\s+", " ").strip();
    }
}
