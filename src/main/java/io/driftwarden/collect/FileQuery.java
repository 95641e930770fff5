package io.driftwarden.collect;

/**
 * One path to observe. {@code hash} asks for the content digest; {@code mayReturnContent} lets the probe
 * return the bytes (for a diff) when the digest differs from {@code expectedSha256}: never for sensitive files.
 * {@code normalized} also asks for the digest of the content without comment and blank lines.
 */
public record FileQuery(
        String path, boolean hash, boolean mayReturnContent, String expectedSha256, boolean normalized) {
    public FileQuery(String path, boolean hash, boolean mayReturnContent, String expectedSha256) {
        this(path, hash, mayReturnContent, expectedSha256, false);
    }
}
