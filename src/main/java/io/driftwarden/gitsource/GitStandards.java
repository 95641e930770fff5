package io.driftwarden.gitsource;

import io.driftwarden.config.Config;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
    /** One file of the bundle and the whole of it, as BundleFiles bounds them; nothing larger is exported at all. */
    private static final long MAX_BLOB = 4L << 20;

    private static final long MAX_TREE = 64L << 20;
    private static final int MAX_ENTRIES = 100_000;

    /** The exported tree of {@code commit}; {@code warning} says why it is not the remote's current one, if so. */
    public record Fetched(Path tree, String commit, String warning) {}

    private GitStandards() {}

    @SuppressWarnings("try") // the lock is held for the fetch, never read
    public static Fetched fetch(Config.GitSource g) {
        GitTransports transports = new GitTransports(g); // its files checked now: a mistake is not a "fetch failed"
        try {
            Files.createDirectories(g.checkout());
            refuseOthersCheckout(g.checkout());
            try (FileChannel ch = FileChannel.open(
                            g.checkout().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lock(ch, g)) {
                return fetchLocked(g, transports);
            }
        } catch (IOException e) {
            throw new LoadException("standards.checkout: " + g.checkout() + ": " + e.getMessage());
        }
    }

    /**
     * The checkout belongs to whoever fetched first (the daemon's user): another user's fetch would fail on its files
     * or, as root, leave files the daemon cannot replace.
     */
    private static void refuseOthersCheckout(Path checkout) throws IOException {
        int owner;
        try {
            owner = (Integer) Files.getAttribute(checkout, "unix:uid");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return;
        }
        int me = io.driftwarden.config.Permissions.currentUid().orElse(owner);
        if (owner != me) {
            throw new LoadException(
                    "standards.checkout: " + checkout + " belongs to uid " + owner + ", not to you (uid " + me
                            + "): run this as its owner (e.g. sudo -u driftwarden), or with a config of your own (another checkout,"
                            + " or standards: a directory)");
        }
    }

    /** Another run (the daemon's, or a command's) may be fetching: wait for it at most the fetch timeout. */
    private static FileLock lock(FileChannel ch, Config.GitSource g) throws IOException {
        long until = System.nanoTime() + g.timeout().toNanos();
        while (true) {
            FileLock l = ch.tryLock();
            if (l != null) {
                return l;
            }
            if (System.nanoTime() > until) {
                throw new LoadException(
                        "standards.checkout: " + g.checkout() + ": another fetch has held it for longer than"
                                + " standards.timeout (" + g.timeout().toSeconds() + " s)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoadException("standards.checkout: interrupted while waiting for another fetch");
            }
        }
    }

    private static Fetched fetchLocked(Config.GitSource g, GitTransports transports) throws IOException {
        Path repoDir = g.checkout().resolve("repo.git");
        try (Git git = Files.isDirectory(repoDir)
                ? Git.open(repoDir.toFile())
                : Git.init().setBare(true).setDirectory(repoDir.toFile()).call()) {
            String warning = null;
            try {
                // checked objects: JGit's ObjectChecker refuses trees with duplicate names, "..", ".git" and the like
                git.fetch()
                        .setRemote(g.url())
                        .setTimeout((int) Math.max(1, g.timeout().toSeconds()))
                        .setForceUpdate(true)
                        .setRemoveDeletedRefs(true)
                        .setCheckFetchedObjects(true)
                        .setRefSpecs(
                                new RefSpec("+refs/heads/*:" + MIRROR + "heads/*"),
                                new RefSpec("+refs/tags/*:" + MIRROR + "tags/*"))
                        .setTransportConfigCallback(transports)
                        .call();
            } catch (LoadException e) {
                throw e;
            } catch (GitAPIException | RuntimeException e) {
                warning = "standards.git: " + g.url() + ": fetch failed (" + oneLine(e)
                        + "); using the last fetched commit";
            }
            ObjectId id = resolve(git.getRepository(), g.ref());
            if (id == null) {
                throw new LoadException(
                        warning != null
                                ? warning.replace("; using the last fetched commit", "; nothing fetched yet")
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
        return COMMIT.matcher(ref).matches() && repo.getObjectDatabase().has(ObjectId.fromString(ref))
                ? ObjectId.fromString(ref)
                : null;
    }

    /** Writes the commit's tree once (to a temporary name, then renamed), links {@code tree} to it, drops older ones. */
    private static Path export(Repository repo, ObjectId id, Path checkout) throws IOException {
        Path trees = Files.createDirectories(checkout.resolve("trees"));
        Path target = trees.resolve(id.name());
        if (!Files.isDirectory(target)) {
            Path tmp = Files.createTempDirectory(trees, ".export-");
            try (RevWalk walk = new RevWalk(repo);
                    TreeWalk tw = new TreeWalk(repo)) {
                RevCommit commit = walk.parseCommit(id);
                tw.addTree(commit.getTree());
                tw.setRecursive(true);
                long bytes = 0;
                int entries = 0;
                while (tw.next()) {
                    bytes += write(repo, tw, tmp);
                    if (bytes > MAX_TREE || ++entries > MAX_ENTRIES) {
                        throw new LoadException("standards.git: commit " + id.name() + " holds more than a bundle may ("
                                + MAX_ENTRIES + " files, " + MAX_TREE + " bytes)");
                    }
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
     * One entry, written as a regular file (the executable bit dropped: a bundle holds data); returns its size. A
     * symbolic link or a submodule is refused naming it: a link written here could carry later entries out of the
     * tree, and a bundle holds files only.
     */
    private static long write(Repository repo, TreeWalk tw, Path root) throws IOException {
        FileMode mode = tw.getFileMode(0);
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
            throw new LoadException("standards.git: " + tw.getPathString() + ": "
                    + (mode == FileMode.SYMLINK
                            ? "a symbolic link"
                            : mode == FileMode.GITLINK ? "a submodule" : "not a file")
                    + "; a bundle holds regular files only");
        }
        Path out = root.resolve(tw.getPathString()).normalize();
        if (!out.startsWith(root)) {
            throw new LoadException("standards.git: " + tw.getPathString() + ": a path outside the tree");
        }
        var loader = repo.open(tw.getObjectId(0));
        if (loader.getSize() > MAX_BLOB) {
            throw new LoadException("standards.git: " + tw.getPathString() + ": " + loader.getSize()
                    + " bytes, more than a bundle file may hold (" + MAX_BLOB + ")");
        }
        Files.createDirectories(out.getParent());
        try (OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
            loader.copyTo(o);
        }
        return loader.getSize();
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
