package io.driftwarden.collect;

/** The probe's output broke the protocol: the host fails as {@code probe}, nothing it said is used. */
public final class ProbeFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProbeFormatException(String message) {
        super(message);
    }
}
