package io.driftwarden.standard;

import java.util.Optional;

/**
 * The content a file must have: its digest, and the bytes when the bundle holds them (for diffs). {@code template}
 * marks inline content with host references: its digest is only known once a host's values are filled in.
 */
public final class ExpectedContent {
    private final String sha256;
    private final byte[] bytes;
    private final boolean template;
    /** Computed once, on first use: every host judged against this content compares with the same digest. */
    private volatile String normalizedSha256;

    public ExpectedContent(String sha256, byte[] bytes) {
        this(sha256, bytes, false);
    }

    public ExpectedContent(String sha256, byte[] bytes, boolean template) {
        this.sha256 = sha256;
        this.bytes = bytes == null ? null : bytes.clone();
        this.template = template;
    }

    /** Lowercase hex digest, without the {@code sha256:} prefix. */
    public String sha256() {
        return sha256;
    }

    public Optional<byte[]> bytes() {
        return Optional.ofNullable(bytes).map(byte[]::clone);
    }

    /** The digest of the bytes without comment and blank lines ({@link Normalizer}); the bytes must be known. */
    public String normalizedSha256() {
        String d = normalizedSha256;
        if (d == null) {
            d = ResourceParser.sha256(Normalizer.apply(bytes));
            normalizedSha256 = d;
        }
        return d;
    }

    public boolean template() {
        return template;
    }
}
