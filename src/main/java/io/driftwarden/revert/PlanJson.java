package io.driftwarden.revert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * An undo plan as kept in the evidence: everything but the bytes (a WRITE's bytes are the evidence's {@code kept}).
 * JSON, so the chain hash covers exactly what {@code revert --undo} will run.
 */
public final class PlanJson {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private record Stored(String host, String resource, List<RevertPlan.Property> properties, List<Step> steps) {}

    private PlanJson() {}

    public static String write(RevertPlan plan) {
        try {
            return JSON.writeValueAsString(new Stored(plan.host(), plan.resource(), plan.properties(), plan.steps()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param kept       the bytes every WRITE step installs (at most one per plan: one resource)
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
        for (int i = 0; i < s.steps().size(); i++) {
            if (s.steps().get(i).verb() == Step.Verb.WRITE) {
                if (kept == null) {
                    throw new IllegalArgumentException("the undo plan writes bytes that were not kept");
                }
                content.put(i, kept);
            }
        }
        return new RevertPlan(s.host(), s.resource(), s.properties(), s.steps(), content, evidenceId);
    }
}
