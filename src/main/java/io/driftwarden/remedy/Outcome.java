package io.driftwarden.remedy;

/**
 * What a revert or an undo came to, for the command to exit with: the exit code (0 applied and compliant, or only
 * the plan shown; 1 not run; 4 applied but not compliant, or stopped midway), and the evidence it recorded
 * ({@code evidenceId} and {@code recorded} are null when nothing was applied, only the plan shown).
 */
public record Outcome(int exit, Long evidenceId, String recorded) {
    /** The plan was shown and nothing was changed. */
    static Outcome shown() {
        return new Outcome(0, null, null);
    }
}
