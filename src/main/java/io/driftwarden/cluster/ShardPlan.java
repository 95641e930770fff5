package io.driftwarden.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * A run's hosts in shards: the unit a node claims. Small enough that the nodes share a run evenly and a dead node
 * costs the survivors little to redo, large enough that claiming (one transaction) is a small part of observing.
 */
public final class ShardPlan {
    private ShardPlan() {}

    /** The hosts in order, cut in shards of at most {@code size}; none for no hosts. */
    public static List<List<String>> of(List<String> hosts, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("shard size must be at least 1, got " + size);
        }
        List<List<String>> shards = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i += size) {
            shards.add(List.copyOf(hosts.subList(i, Math.min(hosts.size(), i + size))));
        }
        return List.copyOf(shards);
    }
}
