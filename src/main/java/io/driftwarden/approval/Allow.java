package io.driftwarden.approval;

import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Value;
import io.driftwarden.yaml.Mark;

/**
 * One allow entry: the approved live value of one property of one resource; no value = open-ended. A record's
 * {@code resources:} list gives entries for {@link #ANY} property (always open-ended).
 */
public record Allow(ResourceId resource, String property, Value value, Mark at) {
    public static final String ANY = "*";

    public boolean openEnded() {
        return value == null;
    }

    public boolean anyProperty() {
        return property.equals(ANY);
    }

    public boolean covers(ResourceId r, String p) {
        return resource.equals(r) && (anyProperty() || property.equals(p));
    }
}
