package io.driftwarden.approval;

/** The partition of a change record's life at one instant. */
public enum RecordState {
    NOT_YET_VALID("not-yet-valid"),
    ACTIVE("active"),
    EXPIRED("expired");

    private final String label;

    RecordState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
