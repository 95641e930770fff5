package io.driftwarden.bundle;

import io.driftwarden.standard.Standard;
import java.util.List;

/**
 * A loaded standard: its standards, all valid or none. Change records are not part of it (they come from the
 * approvals sources), so falling back to an old revision can never bring old records back.
 */
public record Bundle(List<Standard> standards) {
    public Bundle {
        standards = List.copyOf(standards);
    }
}
