package io.driftwarden.approval;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One approvals source as read for a run: the bundle's {@code approvals/} ({@code standards}) or the separately
 * delivered {@code approvals_dir}. Either its files by name (read once; what is verified is what is parsed) or
 * why it could not be used. A source that fails is loud and withdraws nothing.
 */
public record ApprovalsSource(
        String name, String location, Map<String, byte[]> files, List<String> notes, Failure failure) {
    public static final String STANDARDS = "standards";
    public static final String APPROVALS_DIR = "approvals_dir";

    /** Limits that bound one run's work on a source, whatever is dropped into it. */
    public static final int MAX_FILES = 2000;

    public static final int MAX_FILE_BYTES = 1024 * 1024;
    public static final long MAX_BYTES = 16L * 1024 * 1024;
    /** Signatures counted per signed file (the first by name); more are reported, never verified. */
    public static final int MAX_SIGNATURES = 8;

    /** Why a source could not be used: {@code unreadable}, {@code empty}, {@code too-many-files}, ... */
    public record Failure(String reason, String message) {}

    public ApprovalsSource {
        TreeMap<String, byte[]> sorted = new TreeMap<>(io.driftwarden.standard.ResourceId.Utf8Order::compare);
        files.forEach((k, v) -> sorted.put(k, v.clone()));
        files = Collections.unmodifiableMap(sorted);
        notes = List.copyOf(notes);
    }

    public static ApprovalsSource read(String name, String location, Map<String, byte[]> files, List<String> notes) {
        return new ApprovalsSource(name, location, files, notes, null);
    }

    public static ApprovalsSource failed(String name, String location, String reason, String message) {
        return new ApprovalsSource(name, location, Map.of(), List.of(), new Failure(reason, message));
    }

    /** A source that cannot be used, with the tombstones still readable in it: they withdraw all the same. */
    public ApprovalsSource withTombstonesOnly(Map<String, byte[]> tombstones) {
        return new ApprovalsSource(name, location, tombstones, notes, failure);
    }

    /** Whether a name is a tombstone or one of its signatures. */
    public static boolean tombstoneFile(String name) {
        return ApprovalFiles.kind(name) == ApprovalFiles.Kind.TOMBSTONE
                || ApprovalFiles.signedFile(name)
                        .filter(f -> ApprovalFiles.kind(f) == ApprovalFiles.Kind.TOMBSTONE)
                        .isPresent();
    }

    /** A source with nothing in it that is not an error (a bundle that has never held a record). */
    public static ApprovalsSource none(String name, String location) {
        return read(name, location, Map.of(), List.of());
    }

    public boolean failed() {
        return failure != null;
    }

    public Optional<byte[]> get(String file) {
        return Optional.ofNullable(files.get(file)).map(byte[]::clone);
    }

    /**
     * This source with the tombstones (and their signatures) of {@code failed} added where it has none of that name:
     * a source that could not be used this run still withdraws what it can show.
     */
    public ApprovalsSource withTombstonesOf(ApprovalsSource failed) {
        Map<String, byte[]> more = new TreeMap<>(files);
        failed.files().forEach((name, bytes) -> {
            if (tombstoneFile(name)) {
                more.putIfAbsent(name, bytes);
            }
        });
        return new ApprovalsSource(name, location, more, notes, null);
    }

    /** A digest of the whole source (each name and its content's sha256): whether a kept copy must be replaced. */
    public String digest() {
        StringBuilder b = new StringBuilder();
        files.forEach((n, bytes) -> b.append(n)
                .append('\0')
                .append(io.driftwarden.standard.ResourceParser.sha256(bytes))
                .append('\n'));
        return "sha256:"
                + io.driftwarden.standard.ResourceParser.sha256(
                        b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code location/file}, as problems name it. */
    public String shown(String file) {
        return location.endsWith("/") ? location + file : location + "/" + file;
    }
}
