package io.driftwarden.notify.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwarden.report.Printable;

/**
 * A Slack incoming-webhook body for one event. Every host-derived string is escaped for Slack's markup (Slack asks
 * for exactly {@code &}, {@code <} and {@code >} to be escaped: {@code <!channel>} or {@code <@U123>} from a host name
 * or a file name must arrive as text, never as a mention or a link), control and bidi characters are shown as
 * {@code \xNN}, each value is capped, and nothing is rendered as a link.
 */
public final class SlackBody {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final int MAX_VALUE = 300;

    private SlackBody() {}

    /** From the JSON body as it would be sent (it names no person in either mode: signers are never shown). */
    public static String of(String sent) {
        try {
            JsonNode n = MAPPER.readTree(sent);
            JsonNode d = n.path("data");
            StringBuilder t = new StringBuilder("[driftwarden ")
                    .append(escape(n.path("instance").asText()))
                    .append("] ")
                    .append(escape(n.path("event").asText()));
            for (String k : new String[] {
                "cause", "level_name", "host", "observed_hostname", "resource", "property", "actual", "record", "reason"
            }) {
                if (d.hasNonNull(k)) {
                    t.append(" | ")
                            .append(k)
                            .append(": ")
                            .append(escape(d.get(k).asText()));
                }
            }
            t.append(" (episode ")
                    .append(escape(n.path("episode_id").asText()))
                    .append(" #")
                    .append(n.path("seq").asLong())
                    .append(')');
            ObjectNode body = MAPPER.createObjectNode();
            body.put("text", t.toString());
            body.put("unfurl_links", false);
            body.put("unfurl_media", false);
            return body.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored webhook payload is not JSON: " + e.getMessage(), e);
        }
    }

    /** Slack's own escaping, after control characters are made visible; capped. */
    public static String escape(String s) {
        String shown = Printable.of(s == null ? "" : s);
        if (shown.length() > MAX_VALUE) {
            shown = shown.substring(0, MAX_VALUE) + "...";
        }
        return shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
