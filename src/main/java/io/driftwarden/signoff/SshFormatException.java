package io.driftwarden.signoff;

/** Bytes that are not what an SSH key, signature or allowed_signers line must be. The message says what. */
public final class SshFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public SshFormatException(String message) {
        super(message);
    }
}
