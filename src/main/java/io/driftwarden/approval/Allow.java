package io.driftwarden.approval;

import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Value;
import io.driftwarden.yaml.Mark;

/** One allow entry: the approved live value of one property of one resource; no value = open-ended. */
public record Allow(ResourceId resource, String property, Value value, Mark at) {
    public boolean openEnded() {
        return value == null;
    }
}
