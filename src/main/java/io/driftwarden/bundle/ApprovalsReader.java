package io.driftwarden.bundle;

import io.driftwarden.approval.ApprovalFiles;
import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.yaml.InputFile;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one approvals source directory, bounded whatever is dropped into it: at most
 * {@link ApprovalsSource#MAX_FILES} names are looked at (one more and the whole source is refused, judged from the
 * listing alone), regular files only (links are not followed), each and all within the byte limits. A source
 * that cannot be used is a {@link ApprovalsSource.Failure}, never an empty source: an empty source would
 * silently withdraw every record.
 */
public final class ApprovalsReader {
    private ApprovalsReader() {}

    /** The bundle's {@code approvals/}: absent means the bundle has no records, which is not an error. */
    public static ApprovalsSource bundle(Path standards) {
        Path dir = standards.resolve("approvals");
        // notExists, not !exists: a directory that cannot be examined (permissions) is unreadable, never "none"
        if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return ApprovalsSource.none(ApprovalsSource.STANDARDS, dir.toString());
        }
        return read(ApprovalsSource.STANDARDS, dir, true);
    }

    /** {@code approvals_dir}: delivered on purpose, so a missing or empty one is an error. */
    public static ApprovalsSource dir(Path dir) {
        ApprovalsSource s = read(ApprovalsSource.APPROVALS_DIR, dir, false);
        if (!s.failed() && s.files().isEmpty()) {
            return ApprovalsSource.failed(
                    s.name(), s.location(), "empty", dir + ": holds no change record, tombstone or index");
        }
        return s;
    }

    private static ApprovalsSource read(String name, Path given, boolean inBundle) {
        ApprovalsSource s = readAll(name, given, inBundle);
        if (!s.failed() || s.failure().reason().equals("unreadable")) {
            return s;
        }
        return s.withTombstonesOnly(tombstones(given));
    }

    /**
     * The tombstones (and their signatures) of a source refused for its size: a flood must not hide a withdrawal.
     * Only those names are read, each and all within the same limits.
     */
    private static Map<String, byte[]> tombstones(Path dir) {
        Map<String, byte[]> out = new TreeMap<>();
        long total = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.toRealPath())) {
            for (Path p : entries) {
                String file = p.getFileName().toString();
                if (!ApprovalsSource.tombstoneFile(file) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long size = Files.size(p);
                if (out.size() >= ApprovalsSource.MAX_FILES
                        || size > ApprovalsSource.MAX_FILE_BYTES
                        || total + size > ApprovalsSource.MAX_BYTES) {
                    break;
                }
                byte[] b = InputFile.read(p, ApprovalsSource.MAX_FILE_BYTES, "an approvals file");
                total += b.length;
                out.put(file, b);
            }
        } catch (IOException | LoadException | java.nio.file.DirectoryIteratorException e) {
            // what was read still withdraws; the source's failure is said already
        }
        return out;
    }

    private static ApprovalsSource readAll(String name, Path given, boolean inBundle) {
        String shown = given.toString();
        Path dir;
        try {
            // the source's own root may be a link (a checkout, /srv/approvals -> /data/...); links inside it are not
            dir = given.toRealPath();
        } catch (NoSuchFileException e) {
            return ApprovalsSource.failed(name, shown, "unreadable", shown + ": not found");
        } catch (IOException e) {
            return ApprovalsSource.failed(name, shown, "unreadable", shown + ": " + e);
        }
        Map<String, byte[]> files = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        long total = 0;
        int seen = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (++seen > ApprovalsSource.MAX_FILES) {
                    return ApprovalsSource.failed(
                            name,
                            shown,
                            "too-many-files",
                            shown + ": more than " + ApprovalsSource.MAX_FILES
                                    + " entries; the source is not used (remove what is not a record, tombstone,"
                                    + " index or signature)");
                }
                String file = p.getFileName().toString();
                ApprovalFiles.Kind kind = ApprovalFiles.kind(file);
                if (kind == ApprovalFiles.Kind.OTHER) {
                    if (!inBundle) { // in a bundle, SIGNOFF covers anything else under approvals/
                        notes.add(shown + "/" + file + ": ignored (not a record, tombstone, index or signature)");
                    }
                    continue;
                }
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    notes.add(shown + "/" + file + ": ignored (not a regular file; links are not followed)");
                    continue;
                }
                if ((kind == ApprovalFiles.Kind.RECORD || kind == ApprovalFiles.Kind.TOMBSTONE)
                        && !ApprovalFiles.validId(ApprovalFiles.stem(file))) {
                    String printable = file.replaceAll("[^\\x20-\\x7e]", "?");
                    notes.add(shown + "/" + printable.substring(0, Math.min(printable.length(), 100))
                            + ": ignored (its name is no record id:"
                            + " [A-Za-z0-9][A-Za-z0-9._-]{0,63})");
                    continue;
                }
                long size = Files.size(p);
                if (size > ApprovalsSource.MAX_FILE_BYTES || total + size > ApprovalsSource.MAX_BYTES) {
                    return ApprovalsSource.failed(
                            name,
                            shown,
                            "too-large",
                            shown + "/" + file + ": " + size + " bytes; a file may hold "
                                    + ApprovalsSource.MAX_FILE_BYTES + " and the source "
                                    + ApprovalsSource.MAX_BYTES + "; the source is not used");
                }
                byte[] b = InputFile.read(p, ApprovalsSource.MAX_FILE_BYTES, "an approvals file");
                total += b.length;
                files.put(file, b);
            }
        } catch (NotDirectoryException e) {
            return ApprovalsSource.failed(name, shown, "unreadable", shown + ": not a directory");
        } catch (java.nio.file.DirectoryIteratorException e) {
            return ApprovalsSource.failed(
                    name, shown, "unreadable", shown + ": " + e.getCause().getMessage());
        } catch (IOException | LoadException e) {
            return ApprovalsSource.failed(name, shown, "unreadable", shown + ": " + e.getMessage());
        }
        return ApprovalsSource.read(name, shown, files, notes);
    }
}
