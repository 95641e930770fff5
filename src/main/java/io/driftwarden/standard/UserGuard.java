package io.driftwarden.standard;

import io.driftwarden.yaml.Mark;

/**
 * A standard's {@code users:} guard: no account but {@code root} (or one the plan declares) has uid 0, and, when
 * {@code exclusiveFromUid} is set, no undeclared account has a uid at or above it (login.defs' UID_MIN, typically
 * 1000; the kernel's overflow uid 65534, {@code nobody}, is exempt).
 */
public record UserGuard(Long exclusiveFromUid, Mark at) {
    public static final long OVERFLOW_UID = 65534;

    /** Two standards' guards on one host: the stricter (lower) threshold applies, reported where it is written. */
    public UserGuard strictest(UserGuard other) {
        if (other == null) {
            return this;
        }
        if (exclusiveFromUid == null) {
            return other.exclusiveFromUid == null ? this : other;
        }
        return other.exclusiveFromUid != null && other.exclusiveFromUid < exclusiveFromUid ? other : this;
    }
}
