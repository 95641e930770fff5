package io.driftwarden.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.driftwarden.followup.Ids;
import io.driftwarden.followup.Stream;
import io.driftwarden.followup.StreamEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The body a receiver gets: valid against the published schema, signed as documented, escaped for Slack. */
class WebhookPayloadTest {
    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonSchema schema() throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("docs/schemas/webhook-event.v1.json")));
    }

    /** Validates a body against the published schema; returns it parsed. */
    static JsonNode valid(String body) throws Exception {
        JsonNode n = MAPPER.readTree(body);
        assertThat(schema().validate(n)).as(body).isEmpty();
        return n;
    }

    static StreamEvent event(String name, Map<String, Object> data) {
        String stream = Ids.episode("prod", "web-1", "file:/etc/motd", "content", T);
        return new StreamEvent(
                stream, Stream.Kind.EPISODE, 3, name, T, "20261207T100000Z-ab12", Ids.delivery(stream, name, 3), data);
    }

    @Test
    void everyKindOfEventValidatesAndMinimalLeavesOutWhoSigned() throws Exception {
        Map<String, Object> drift = new TreeMap<>(Map.of(
                "host", "web-1",
                "resource", "file:/etc/shadow",
                "property", "content",
                "classification", "unapproved",
                "actual", "hmac:0123456789abcdef",
                "declared_at", "base.yaml:7",
                "standard", "base"));
        valid(WebhookPayload.json("prod", event("unapproved_opened", drift), "https://r.example.com/x.json"));
        Map<String, Object> esc = new TreeMap<>(drift);
        esc.putAll(Map.of("level", 2L, "level_name", "chair", "deadline", T.toString()));
        valid(WebhookPayload.json("prod", event("escalated", esc), null));
        Map<String, Object> res = new TreeMap<>(drift);
        res.put("cause", "host-removed");
        valid(WebhookPayload.json("prod", event("resolved", res), null));
        Map<String, Object> rec = new TreeMap<>(Map.of(
                "record",
                "CHG-1",
                "signers",
                List.of("carol@example.com"),
                "hosts",
                List.of("web-1"),
                "hosts_count",
                1L));
        String stored = WebhookPayload.json("prod", event("record_effective", rec), null);
        valid(stored);
        assertThat(stored).contains("carol@example.com");
        JsonNode minimal = valid(WebhookPayload.forSending(stored, true, List.of()));
        assertThat(minimal.toString()).doesNotContain("carol@example.com");
        assertThat(minimal.get("minimal").asBoolean()).isTrue();
        JsonNode coalesced = valid(WebhookPayload.forSending(stored, false, List.of(1L, 2L)));
        assertThat(coalesced.get("coalesced_seqs").toString()).isEqualTo("[1,2]");
    }

    @Test
    void theSignatureIsTheDocumentedHmacWithOnePairPerSecret() {
        byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var k1 = new Signature.Secret("k1", "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var k2 = new Signature.Secret("k2", "fedcba9876543210".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String h = Signature.header(1765101600L, "d1", body, List.of(k1, k2));
        // echo -n '1765101600.d1.{}' | openssl dgst -sha256 -hmac 0123456789abcdef
        assertThat(h)
                .startsWith("t=1765101600,kid=k1,v1=" + Signature.v1(k1.key(), 1765101600L, "d1", body) + ",kid=k2,v1=")
                .matches("t=1765101600,kid=k1,v1=[0-9a-f]{64},kid=k2,v1=[0-9a-f]{64}");
        assertThat(Signature.v1(k1.key(), 1765101600L, "d1", body))
                .isEqualTo("76ad68bc535ec807c35733a257b75fc3a4f64eeebcefb6f1e45d80ad74018320");
        assertThat(k1.toString()).doesNotContain("0123");
    }

    @Test
    void hostDerivedTextArrivesEscapedInTheSlackBody() throws Exception {
        Map<String, Object> d = new TreeMap<>(Map.of(
                "host", "web-1",
                "observed_hostname", "web-1 <!channel> <@U123>",
                "resource", "file:/etc/sudoers.d",
                "property", "unmanaged-entry/<!here>&<https://evil.example|click>",
                "actual", "x\u202Ey",
                "classification", "unapproved"));
        String slack = SlackBody.of(WebhookPayload.json("prod", event("unapproved_opened", d), null));
        JsonNode n = MAPPER.readTree(slack);
        String text = n.get("text").asText();
        assertThat(text)
                .contains("web-1 &lt;!channel&gt; &lt;@U123&gt;")
                .contains("unmanaged-entry/&lt;!here&gt;&amp;&lt;https://evil.example|click&gt;")
                .doesNotContain("<!channel>")
                .doesNotContain("<!here>")
                .doesNotContain("<@U123>")
                .doesNotContain("\u202E");
        assertThat(n.get("unfurl_links").asBoolean()).isFalse();
    }

    @Test
    void answersAreJudgedAsDocumented() {
        assertThat(WebhookSender.judge(204, null, T).kind()).isEqualTo(WebhookSender.Outcome.Kind.DELIVERED);
        assertThat(WebhookSender.judge(409, null, T).kind()).isEqualTo(WebhookSender.Outcome.Kind.DELIVERED);
        assertThat(WebhookSender.judge(302, null, T).kind()).isEqualTo(WebhookSender.Outcome.Kind.REFUSED);
        assertThat(WebhookSender.judge(422, null, T).kind()).isEqualTo(WebhookSender.Outcome.Kind.REFUSED);
        var busy = WebhookSender.judge(429, "120", T);
        assertThat(busy.kind()).isEqualTo(WebhookSender.Outcome.Kind.RETRY);
        assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(WebhookSender.judge(503, "Mon, 07 Dec 2026 10:00:30 GMT", T).retryAfter())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(WebhookSender.judge(503, "999999", T).retryAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(WebhookSender.judge(503, "soon", T).retryAfter()).isNull();
        assertThat(WebhookSender.judge(408, null, T).kind()).isEqualTo(WebhookSender.Outcome.Kind.RETRY);
    }
}
