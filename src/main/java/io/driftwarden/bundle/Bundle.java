package io.driftwarden.bundle;

import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.standard.Standard;
import java.util.List;

/** A loaded standards bundle: its standards and change records, all valid or none. */
public record Bundle(List<Standard> standards, List<ChangeRecord> records) {
    public Bundle {
        standards = List.copyOf(standards);
        records = List.copyOf(records);
    }
}
