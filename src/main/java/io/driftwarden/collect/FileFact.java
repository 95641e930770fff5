package io.driftwarden.collect;

/**
 * What lstat and a hash saw at one path. {@code status} is {@code ok}, {@code absent}, or the reason the
 * path could not be observed ({@code permission-denied}, {@code io-error}, {@code escapes-root}).
 * Mode is 4 octal digits; owner/group names are null when the host has no name for the id.
 */
public record FileFact(
        String path,
        String status,
        String kind,
        String mode,
        Long uid,
        String owner,
        Long gid,
        String group,
        Long size,
        String sha256,
        String contentError,
        String target,
        Blob content) {

    public static FileFact missing(String path, String status) {
        return new FileFact(path, status, null, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean observed() {
        return status.equals("ok");
    }

    /** {@code absent} when the path does not exist, else the kind. */
    public String ensure() {
        return status.equals("absent") ? "absent" : kind;
    }
}
