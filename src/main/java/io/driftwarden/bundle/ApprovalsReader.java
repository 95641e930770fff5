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
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
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
        } catch (IOException | LoadException e) {
            return ApprovalsSource.failed(name, shown, "unreadable", shown + ": " + e.getMessage());
        }
        return ApprovalsSource.read(name, shown, files, notes);
    }
}
