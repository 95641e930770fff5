package io.driftwarden.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Strict conversions of YAML nodes to Java values; a failed conversion reports a problem and returns empty. */
public final class Values {
    private Values() {}

    public static Optional<String> string(YNode node, String path, Problems problems) {
        if (!(node instanceof YNode.Scalar s)) {
            problems.add(node.mark(), path, "expected a string, got " + YNode.kindOf(node));
            return Optional.empty();
        }
        ScalarKind kind = ScalarKind.of(s);
        String hint = switch (kind) {
            case STRING -> null;
            case NULL -> "expected a string, got nothing (null)";
            case BOOL -> "expected a string, got the boolean " + s.value() + "; quote it";
            case AMBIGUOUS_BOOL -> "'" + s.value() + "' is a boolean to some YAML readers; quote it";
            case INT -> "expected a string, got the integer " + s.value() + "; quote it";
            case ZERO_PADDED_INT ->
                "'" + s.value() + "' is an integer with a leading zero (octal to some readers); quote it";
            case FLOAT -> "expected a string, got the number " + s.value() + " (a float would lose digits); quote it";
        };
        if (hint != null) {
            problems.add(node.mark(), path, hint);
            return Optional.empty();
        }
        return Optional.of(s.value());
    }

    public static Optional<Long> integer(YNode node, String path, Problems problems) {
        if (node instanceof YNode.Scalar s && ScalarKind.of(s) == ScalarKind.INT) {
            try {
                return Optional.of(Long.parseLong(s.value().replace("_", "").replace("+", "")));
            } catch (NumberFormatException e) {
                problems.add(node.mark(), path, "integer out of range: " + s.value());
                return Optional.empty();
            }
        }
        if (node instanceof YNode.Scalar s && ScalarKind.of(s) == ScalarKind.ZERO_PADDED_INT) {
            problems.add(node.mark(), path, "integers with leading zeros are ambiguous; write it without them");
            return Optional.empty();
        }
        problems.add(node.mark(), path, "expected an integer, got " + describe(node));
        return Optional.empty();
    }

    public static Optional<Boolean> bool(YNode node, String path, Problems problems) {
        if (node instanceof YNode.Scalar s && ScalarKind.of(s) == ScalarKind.BOOL) {
            return Optional.of(Boolean.parseBoolean(s.value().toLowerCase(java.util.Locale.ROOT)));
        }
        problems.add(node.mark(), path, "expected true or false, got " + describe(node));
        return Optional.empty();
    }

    public static Optional<List<String>> stringList(YNode node, String path, Problems problems) {
        if (!(node instanceof YNode.Seq seq)) {
            problems.add(node.mark(), path, "expected a list of strings, got " + YNode.kindOf(node));
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < seq.items().size(); i++) {
            Optional<String> v = string(seq.items().get(i), path + "[" + i + "]", problems);
            ok &= v.isPresent();
            v.ifPresent(out::add);
        }
        return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    public static String describe(YNode node) {
        if (node instanceof YNode.Scalar s) {
            return s.plain() ? "'" + s.value() + "'" : "the quoted string \"" + s.value() + "\"";
        }
        return YNode.kindOf(node);
    }
}
