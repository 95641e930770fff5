package io.driftwarden.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardPlanTest {
    @Test
    void everyHostLandsInExactlyOneShardInOrder() {
        List<String> hosts = IntStream.range(0, 53).mapToObj(i -> "h" + i).toList();
        List<List<String>> shards = ShardPlan.of(hosts, 25);
        assertThat(shards).extracting(List::size).containsExactly(25, 25, 3);
        assertThat(shards.stream().flatMap(List::stream).toList()).isEqualTo(hosts);
        assertThat(ShardPlan.of(List.of(), 25)).isEmpty();
        assertThatThrownBy(() -> ShardPlan.of(hosts, 0)).hasMessageContaining("at least 1");
    }
}
