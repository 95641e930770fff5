package io.driftwarden.signoff;

/**
 * Pure: whether a verified revision may be accepted after {@code accepted}. A lower serial, or the same
 * serial with another digest, is a rollback (refused); a {@code previous} that is not the accepted digest
 * is a fork (accepted, flagged).
 */
public final class RollbackRule {
    /** {@code refusal} non-null = refused; {@code fork} non-null = accepted but flagged. */
    public record Decision(String refusal, String fork) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    private RollbackRule() {}

    public static Decision judge(Accepted accepted, Revision revision, String digest) {
        if (accepted == null) {
            return new Decision(null, null);
        }
        if (revision.serial() < accepted.serial()) {
            return new Decision(
                    "rollback: serial " + revision.serial() + " is older than the accepted serial " + accepted.serial(),
                    null);
        }
        if (revision.serial() == accepted.serial()) {
            return digest.equals(accepted.digest())
                    ? new Decision(null, null)
                    : new Decision(
                            "rollback: serial " + revision.serial() + " was already accepted as " + accepted.digest()
                                    + "; this SIGNOFF is " + digest,
                            null);
        }
        if (!revision.previous().equals(accepted.digest())) {
            return new Decision(
                    null,
                    "fork: REVISION previous is " + revision.previous() + ", the accepted revision is "
                            + accepted.digest());
        }
        return new Decision(null, null);
    }
}
