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
        return judge(accepted, revision.serial(), revision.previous(), digest, "REVISION", "SIGNOFF");
    }

    /**
     * The same rule for any serial-and-previous chain ({@code what} names the file holding them, {@code signed} the
     * file whose digest is chained): the approvals index follows it as REVISION does.
     */
    public static Decision judge(
            Accepted accepted, long serial, String previous, String digest, String what, String signed) {
        if (accepted == null) {
            return new Decision(null, null);
        }
        if (serial < accepted.serial()) {
            return new Decision(
                    "rollback: serial " + serial + " is older than the accepted serial " + accepted.serial(), null);
        }
        if (serial == accepted.serial()) {
            return digest.equals(accepted.digest())
                    ? new Decision(null, null)
                    : new Decision(
                            "rollback: serial " + serial + " was already accepted as " + accepted.digest() + "; this "
                                    + signed + " is " + digest,
                            null);
        }
        if (!previous.equals(accepted.digest())) {
            return new Decision(
                    null, "fork: " + what + " previous is " + previous + ", the accepted one is " + accepted.digest());
        }
        return new Decision(null, null);
    }
}
