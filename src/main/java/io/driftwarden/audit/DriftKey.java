package io.driftwarden.audit;

/** A drift's identity across runs: (host, resource, property). */
public record DriftKey(String host, String resource, String property) implements Comparable<DriftKey> {
    @Override
    public int compareTo(DriftKey o) {
        return java.util.Comparator.comparing(DriftKey::host)
                .thenComparing(DriftKey::resource)
                .thenComparing(DriftKey::property)
                .compare(this, o);
    }
}
