package io.driftwarden.inventory;

import java.util.List;
import java.util.Map;

/** One change of the inventory since the previous run: added, removed, or changed fields {@code [before, after]}. */
public record InventoryChange(String host, String change, Map<String, List<String>> fields, List<String> flags) {
    public InventoryChange {
        fields = Map.copyOf(fields);
        flags = List.copyOf(flags);
    }
}
