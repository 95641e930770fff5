package io.driftwarden.yaml;

import java.util.List;

/** A strictly loaded YAML node: plain data with the position it came from. */
public sealed interface YNode permits YNode.Scalar, YNode.Seq, YNode.Map {
    Mark mark();

    /** A scalar; {@code plain} is false when it was quoted or a block scalar, i.e. always a string. */
    record Scalar(String value, boolean plain, Mark mark) implements YNode {}

    record Seq(List<YNode> items, Mark mark) implements YNode {
        public Seq {
            items = List.copyOf(items);
        }
    }

    record Entry(Scalar key, YNode value) {}

    record Map(List<Entry> entries, Mark mark) implements YNode {
        public Map {
            entries = List.copyOf(entries);
        }
    }

    static String kindOf(YNode node) {
        if (node instanceof Seq) {
            return "a list";
        }
        if (node instanceof Map) {
            return "a mapping";
        }
        return "a scalar";
    }
}
