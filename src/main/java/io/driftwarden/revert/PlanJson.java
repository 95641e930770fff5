package io.driftwarden.revert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * An undo plan as kept in the evidence: everything but the bytes. The WRITE steps' bytes, one after the other, are
 * the evidence's {@code kept} ({@link #kept}); {@code lengths} splits them again (a revert may remove several entries
 * of an exclusive directory). JSON, so the chain hash covers exactly what {@code revert --undo} will run.
 */
public final class PlanJson {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** {@code lengths} is null in plans stored before it existed: their one WRITE takes all of {@code kept}. */
    private record Stored(
            String host,
            String resource,
            List<RevertPlan.Property> properties,
            List<Step> steps,
            List<Integer> lengths) {}

    private PlanJson() {}

    public static String write(RevertPlan plan) {
        try {
            List<Integer> lengths = writes(plan.steps()).stream()
                    .map(i -> plan.content().get(i).length)
                    .toList();
            return JSON.writeValueAsString(
                    new Stored(plan.host(), plan.resource(), plan.properties(), plan.steps(), lengths));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of the plan's WRITE steps in step order, or null when it writes none. */
    public static byte[] kept(RevertPlan plan) {
        List<Integer> writes = writes(plan.steps());
        if (writes.isEmpty()) {
            return null;
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        writes.forEach(i -> all.writeBytes(plan.content().get(i)));
        return all.toByteArray();
    }

    private static List<Integer> writes(List<Step> steps) {
        return java.util.stream.IntStream.range(0, steps.size())
                .filter(i -> steps.get(i).verb() == Step.Verb.WRITE)
                .boxed()
                .toList();
    }

    /**
     * @param kept       the bytes the WRITE steps install, one after the other ({@link #kept})
     * @param evidenceId the revert this plan undoes
     */
    public static RevertPlan read(String json, byte[] kept, long evidenceId) {
        Stored s;
        try {
            s = JSON.readValue(json, Stored.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the stored undo plan does not parse: " + e.getOriginalMessage());
        }
        Map<Integer, byte[]> content = new java.util.HashMap<>();
        List<Integer> writes = writes(s.steps());
        if (!writes.isEmpty() && kept == null) {
            throw new IllegalArgumentException("the undo plan writes bytes that were not kept");
        }
        if (writes.isEmpty()) {
            return new RevertPlan(s.host(), s.resource(), s.properties(), s.steps(), content, evidenceId);
        }
        if (s.lengths() == null) {
            writes.forEach(i -> content.put(i, kept));
        } else {
            if (s.lengths().size() != writes.size()
                    || s.lengths().stream().mapToLong(Integer::longValue).sum() != kept.length) {
                throw new IllegalArgumentException("the kept bytes do not match the undo plan's writes");
            }
            int at = 0;
            for (int k = 0; k < writes.size(); k++) {
                content.put(
                        writes.get(k),
                        java.util.Arrays.copyOfRange(kept, at, at + s.lengths().get(k)));
                at += s.lengths().get(k);
            }
        }
        return new RevertPlan(s.host(), s.resource(), s.properties(), s.steps(), content, evidenceId);
    }
}
