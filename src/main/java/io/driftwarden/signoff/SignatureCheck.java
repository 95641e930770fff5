package io.driftwarden.signoff;

/**
 * One signature file's verdict: who it counts for, or why it does not count. {@code key} is the signing key
 * when the signature itself verified (null when it did not parse or verify).
 */
public record SignatureCheck(String file, String fingerprint, String principal, String problem, SshPublicKey key) {
    public boolean counts() {
        return problem == null;
    }
}
