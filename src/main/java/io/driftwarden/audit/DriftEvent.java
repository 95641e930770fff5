package io.driftwarden.audit;

/**
 * What changed between two runs for one drift: {@code appeared}, {@code resolved} (detail: by host, standard
 * or inventory), {@code reclassified} (to {@code classification}) or {@code value_changed} (detail: the
 * previous shown value).
 */
public record DriftEvent(String event, DriftKey key, String classification, String detail) {
    public DriftEvent(String event, DriftKey key, String classification) {
        this(event, key, classification, null);
    }
}
