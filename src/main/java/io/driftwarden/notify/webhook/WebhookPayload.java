package io.driftwarden.notify.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwarden.followup.StreamEvent;
import java.util.List;
import java.util.Set;

/**
 * The JSON body of one event ({@code driftwarden.webhook/v1}, published as {@code docs/schemas/webhook-event.v1.json}):
 * the delivery id, the stream (the episode a receiver keeps one ticket for), its sequence number, the event, when, the
 * run, and the event's data. The stored form is the full one; {@link #minimal} leaves out personal data (who signed a
 * record) at send time. Values are the report's shown values: an {@code hmac:} for a sensitive file, never content.
 */
public final class WebhookPayload {
    public static final String SCHEMA = "driftwarden.webhook/v1";
    /** Fields that name people: left out in minimal mode. */
    static final Set<String> PERSONAL = Set.of("signers", "approvers", "actors");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WebhookPayload() {}

    public static String json(String instance, StreamEvent e, String reportUrl) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema", SCHEMA);
        n.put("delivery_id", e.deliveryId());
        n.put("instance", instance);
        n.put("episode_id", e.streamId());
        n.put("stream_kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
        n.put("seq", e.seq());
        n.put("event", e.event());
        n.put("at", e.at().toString());
        n.put("run_id", e.runId());
        if (reportUrl != null) {
            n.put("report_url", reportUrl);
        }
        ObjectNode data = n.putObject("data");
        e.data().forEach((k, v) -> put(data, k, v));
        return n.toString();
    }

    /**
     * The body as sent: the stored one, with the sequence numbers a coalesced {@code value_changed} stands for, and
     * without personal data in minimal mode.
     */
    public static String forSending(String stored, boolean minimal, List<Long> coalescedSeqs) {
        String body = minimal ? minimal(stored) : stored;
        if (coalescedSeqs.isEmpty()) {
            return body;
        }
        try {
            ObjectNode n = (ObjectNode) MAPPER.readTree(body);
            ArrayNode a = n.putArray("coalesced_seqs");
            coalescedSeqs.forEach(a::add);
            return n.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored webhook payload is not JSON: " + e.getMessage(), e);
        }
    }

    /** The same body without personal data (record signers, approvers, possible actors). */
    public static String minimal(String stored) {
        try {
            ObjectNode n = (ObjectNode) MAPPER.readTree(stored);
            ObjectNode data = (ObjectNode) n.get("data");
            if (data != null) {
                data.remove(PERSONAL);
            }
            n.put("minimal", true);
            return n.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored webhook payload is not JSON: " + e.getMessage(), e);
        }
    }

    private static void put(ObjectNode n, String k, Object v) {
        if (v == null) {
            n.putNull(k);
        } else if (v instanceof Long l) {
            n.put(k, l);
        } else if (v instanceof Integer i) {
            n.put(k, i);
        } else if (v instanceof Boolean b) {
            n.put(k, b);
        } else if (v instanceof List<?> list) {
            ArrayNode a = n.putArray(k);
            list.forEach(x -> a.add(String.valueOf(x)));
        } else {
            n.put(k, v.toString());
        }
    }
}
