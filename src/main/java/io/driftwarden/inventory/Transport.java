package io.driftwarden.inventory;

import java.util.Locale;
import java.util.Optional;

/** How a host is observed. */
public enum Transport {
    SSH,
    LOCAL,
    IMAGE;

    /** Whether {@code driftwarden revert} can write through it: only ssh has an enforce identity; local and image read only. */
    public boolean canApply() {
        return this == SSH;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Transport> of(String text) {
        for (Transport t : values()) {
            if (t.label().equals(text)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
