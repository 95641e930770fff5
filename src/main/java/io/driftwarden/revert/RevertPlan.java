package io.driftwarden.revert;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What {@code revert} would do to one resource of one host, exactly: the properties it puts back (live value as
 * shown, the standard's value, where it is declared) and the privileged steps. {@code content} holds the bytes a
 * WRITE step installs, by step index; they come from the verified bundle or from the host's own files.
 * The sha256 of {@link #text()} is what {@code --plan-sha256} pins: a plan that changed is not applied.
 */
public record RevertPlan(
        String host,
        String resource,
        List<Property> properties,
        List<Step> steps,
        Map<Integer, byte[]> content,
        Long undoes) {
    public RevertPlan {
        properties = List.copyOf(properties);
        steps = List.copyOf(steps);
        content = Map.copyOf(content);
    }

    public RevertPlan(
            String host, String resource, List<Property> properties, List<Step> steps, Map<Integer, byte[]> content) {
        this(host, resource, properties, steps, content, null);
    }

    /** One property put back. */
    public record Property(String name, String live, String standard, String declaredAt) {}

    /** The plan as printed, without any timestamp, so the same live state always gives the same text and digest. */
    public String text() {
        StringBuilder b = new StringBuilder();
        if (undoes == null) {
            b.append("revert ").append(resource).append(" on ").append(host).append('\n');
            for (Property p : properties) {
                b.append("  ")
                        .append(p.name())
                        .append(": the host has ")
                        .append(p.live())
                        .append(", the standard wants ")
                        .append(p.standard())
                        .append(" (")
                        .append(p.declaredAt())
                        .append(")\n");
            }
        } else {
            b.append("undo revert ")
                    .append(undoes)
                    .append(": ")
                    .append(resource)
                    .append(" on ")
                    .append(host)
                    .append('\n');
            for (Property p : properties) {
                b.append("  ")
                        .append(p.name())
                        .append(": the revert made it ")
                        .append(p.live())
                        .append("; put back ")
                        .append(p.standard())
                        .append(" (")
                        .append(p.declaredAt())
                        .append(")\n");
            }
        }
        b.append("steps, as root through the enforce identity:\n");
        for (int i = 0; i < steps.size(); i++) {
            b.append("  ")
                    .append(i + 1)
                    .append(". ")
                    .append(steps.get(i).shown())
                    .append('\n');
        }
        return b.toString();
    }

    public String sha256() {
        return io.driftwarden.standard.ResourceParser.sha256(text().getBytes(StandardCharsets.UTF_8));
    }
}
