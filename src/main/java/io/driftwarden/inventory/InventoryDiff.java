package io.driftwarden.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: what changed in the inventory between two runs. A host whose transport went from ssh to local or
 * image is flagged {@code transport-downgrade}: it is no longer observed over the network as a peer.
 */
public final class InventoryDiff {
    /** What a run remembers of a host. */
    public record Entry(String address, String transport, String groups) {
        public static Entry of(Host h) {
            return new Entry(
                    h.shownAddress() + (h.transport() == Transport.SSH ? ":" + h.port() : ""),
                    h.transport().label(),
                    String.join(",", h.groups()));
        }
    }

    private InventoryDiff() {}

    public static List<InventoryChange> between(Map<String, Entry> before, Map<String, Entry> now) {
        List<InventoryChange> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(io.driftwarden.standard.ResourceId.Utf8Order::compare);
        names.addAll(before.keySet());
        names.addAll(now.keySet());
        for (String n : names) {
            Entry a = before.get(n);
            Entry b = now.get(n);
            if (a == null) {
                out.add(new InventoryChange(n, "added", Map.of(), List.of()));
            } else if (b == null) {
                out.add(new InventoryChange(n, "removed", Map.of(), List.of()));
            } else if (!a.equals(b)) {
                Map<String, List<String>> fields = new TreeMap<>();
                if (!a.address().equals(b.address())) {
                    fields.put("address", List.of(a.address(), b.address()));
                }
                if (!a.transport().equals(b.transport())) {
                    fields.put("transport", List.of(a.transport(), b.transport()));
                }
                if (!a.groups().equals(b.groups())) {
                    fields.put("groups", List.of(a.groups(), b.groups()));
                }
                boolean downgrade =
                        a.transport().equals("ssh") && !b.transport().equals("ssh");
                out.add(new InventoryChange(
                        n, "changed", fields, downgrade ? List.of("transport-downgrade") : List.of()));
            }
        }
        return out;
    }

    public static Map<String, Entry> snapshot(Inventory inventory) {
        Map<String, Entry> out = new TreeMap<>();
        inventory.hosts().forEach(h -> out.put(h.name(), Entry.of(h)));
        return out;
    }
}
