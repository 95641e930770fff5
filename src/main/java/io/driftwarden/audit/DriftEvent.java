package io.driftwarden.audit;

import java.util.Locale;

/**
 * What changed between two runs for one drift: {@link Kind#APPEARED} (detail {@code flap} when it reopened within
 * the flap window), {@link Kind#RESOLVED} (detail: by host, standard or inventory), {@link Kind#RECLASSIFIED} (to
 * {@code classification}; detail: the previous one) or {@link Kind#VALUE_CHANGED} (detail: the previous shown value).
 */
public record DriftEvent(Kind event, DriftKey key, String classification, String detail) {
    /** The kinds of event, named in reports, the store and metrics by {@link #label()}. */
    public enum Kind {
        APPEARED,
        RESOLVED,
        RECLASSIFIED,
        VALUE_CHANGED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DriftEvent(Kind event, DriftKey key, String classification) {
        this(event, key, classification, null);
    }
}
