package io.driftwarden.yaml;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a plain (unquoted) scalar would mean to a YAML 1.1 or 1.2 reader. */
public enum ScalarKind {
    STRING,
    NULL,
    BOOL,
    AMBIGUOUS_BOOL,
    INT,
    ZERO_PADDED_INT,
    FLOAT;

    private static final Pattern INT_FORM = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");
    private static final Pattern PADDED_FORM = Pattern.compile("[-+]?0[0-9_]+|0o[0-7]+|0x[0-9a-fA-F]+|0b[01]+");
    private static final Pattern FLOAT_FORM = Pattern.compile(
            "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    public static ScalarKind of(YNode.Scalar s) {
        if (!s.plain()) {
            return STRING;
        }
        String v = s.value();
        String lower = v.toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("~") || lower.equals("null")) {
            return NULL;
        }
        if (lower.equals("true") || lower.equals("false")) {
            return BOOL;
        }
        if (lower.equals("yes")
                || lower.equals("no")
                || lower.equals("on")
                || lower.equals("off")
                || lower.equals("y")
                || lower.equals("n")) {
            return AMBIGUOUS_BOOL;
        }
        if (INT_FORM.matcher(v).matches()) {
            return INT;
        }
        if (PADDED_FORM.matcher(v).matches()) {
            return ZERO_PADDED_INT;
        }
        if (FLOAT_FORM.matcher(v).matches()) {
            return FLOAT;
        }
        return STRING;
    }
}
