package io.driftwarden.collect;

import java.util.Locale;

/**
 * Why a host could not be (fully) audited, as reports, the store, metrics and logs name it ({@link #label()}, which
 * {@link #toString()} also gives).
 */
public enum FailureKind {
    /** Refused or dropped connection, or an image root that is not there. */
    UNREACHABLE,
    /** The host refused the key. */
    AUTH,
    /** Unknown, changed or revoked host key: nothing was run. */
    HOST_KEY,
    /** The peer broke the SSH protocol. */
    PROTOCOL,
    /** No handshake, authentication or probe answer in time. */
    TIMEOUT,
    /** The probe's output was malformed, or the probe failed. */
    PROBE,
    /** The standards selecting the host contradict each other. */
    CONFLICT,
    /** The standards cannot be planned for the host. */
    STANDARD,
    /** A transport this version does not have. */
    UNSUPPORTED,
    /** Not started: the run's deadline passed, or the run was aborted. */
    SKIPPED;

    /** The kind a label names ({@code host_key}); the standard's planning failures come as labels. */
    public static FailureKind of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
