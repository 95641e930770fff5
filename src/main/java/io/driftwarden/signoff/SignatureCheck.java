package io.driftwarden.signoff;

/** One signature file's verdict: who it counts for, or why it does not count. */
public record SignatureCheck(String file, String fingerprint, String principal, String problem) {
    public boolean counts() {
        return problem == null;
    }
}
