package io.driftwarden.standard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standards' only templating: {@code ${host.name}}, {@code ${host.address}} and {@code ${vars.NAME}} are
 * replaced by the host's inventory values; {@code $${} writes a literal {@code ${}. Nothing else is evaluated
 * (no defaults, conditions or loops), and any other {@code ${...}} (a shell variable in a script) stays as written.
 */
public final class Interpolation {
    /** A reference, or something that starts like one ({@code ${host.}/{@code ${vars.}) and must then be valid. */
    private static final Pattern TOKEN = Pattern.compile("\\$\\$\\{|\\$\\{(host|vars)\\.([^}\\s]*)(})?");

    private static final Pattern VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> HOST_FIELDS = List.of("name", "address");

    private Interpolation() {}

    /** Whether {@code text} needs a host to be known: a reference (valid or not) or an escape. */
    public static boolean isTemplate(String text) {
        return text.contains("${") && TOKEN.matcher(text).find();
    }

    /** The first malformed reference in {@code text}, described for a load error; empty when all are valid. */
    public static Optional<String> problem(String text) {
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (m.group().equals("$${")) {
                continue;
            }
            String ref = "${" + m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : "}");
            if (m.group(3) == null) {
                return Optional.of("unterminated reference '" + ref + "' (write $${ for a literal ${)");
            }
            if (m.group(1).equals("host") && !HOST_FIELDS.contains(m.group(2))) {
                return Optional.of("unknown reference '" + ref + "': a host offers ${host.name} and ${host.address}");
            }
            if (m.group(1).equals("vars") && !VAR.matcher(m.group(2)).matches()) {
                return Optional.of(
                        "bad variable name in '" + ref + "': letters, digits and _ (not starting with a digit)");
            }
        }
        return Optional.empty();
    }

    /** The text for one host, or the references it lacks. */
    public record Result(String text, List<String> missing) {
        public boolean ok() {
            return missing.isEmpty();
        }
    }

    /** Replaces each reference in one left-to-right pass: substituted values are never interpolated again. */
    public static Result apply(String text, Target target) {
        if (!isTemplate(text)) {
            return new Result(text, List.of());
        }
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            last = m.end();
            if (m.group().equals("$${")) {
                out.append("${");
                continue;
            }
            String value = switch (m.group(1)) {
                case "host" -> m.group(2).equals("name") ? target.name() : target.address();
                default -> target.vars().get(m.group(2));
            };
            if (value == null) {
                missing.add("${" + m.group(1) + "." + m.group(2) + "}");
                out.append(m.group());
            } else {
                out.append(value);
            }
        }
        out.append(text.substring(last));
        return new Result(out.toString(), List.copyOf(missing));
    }
}
