package io.driftwarden.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.standard.Value;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordParserTest {
    static Optional<ChangeRecord> parse(String allow, Problems problems) {
        String text = """
                id: CHG-9
                summary: s
                approved_by: [alice@example.com]
                approved_at: 2026-11-20T10:00:00+01:00
                expires: 2026-11-30T00:00:00Z
                applies_to: {hosts: ["*"]}
                allow:
                """ + allow;
        return StrictYaml.parse("CHG-9.yaml", text.getBytes(StandardCharsets.UTF_8), problems)
                .flatMap(n -> RecordParser.parse("CHG-9.yaml", "CHG-9", n, Duration.ofDays(90), problems));
    }

    @Test
    void approvedValuesAreCanonicalised() {
        Problems p = new Problems();
        ChangeRecord r = parse("""
                  - resource: file:/etc/x
                    property: mode
                    value: "644"
                  - resource: sysctl:net.ipv4.tcp_rmem
                    property: value
                    value: "  4096   131072\\t6291456 "
                  - resource: service:ssh
                    property: enabled
                    value: enabled
                  - resource: user:deploy
                    property: groups
                    value: [sudo, admins, sudo]
                  - resource: file:/etc/shadow
                    property: content
                    hmac: "hmac:0123456789abcdef"
                  - resource: file:/etc/motd
                    property: content
                """, p).orElseThrow();
        assertThat(p.lines()).isEmpty();
        assertThat(r.allows())
                .extracting(a -> a.resource() + " " + a.property() + " " + a.value())
                .containsExactly(
                        "file:/etc/x mode 0644", "sysctl:net.ipv4.tcp_rmem value 4096 131072 6291456",
                        "service:ssh.service enabled enabled", "user:deploy groups [admins, sudo]",
                        "file:/etc/shadow content hmac:0123456789abcdef", "file:/etc/motd content null");
        assertThat(r.allows().get(3).value()).isEqualTo(Value.list(java.util.List.of("admins", "sudo")));
        assertThat(r.validFrom()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        assertThat(r.openEnded()).isTrue();
    }

    @Test
    void contentIsApprovedByDigestOnly() {
        Problems p = new Problems();
        assertThat(parse("""
                  - resource: file:/etc/motd
                    property: content
                    value: "hello"
                  - resource: sysctl:a.b
                    property: value
                    sha256: "%s"
                """.formatted("a".repeat(64)), p)).isEmpty();
        assertThat(p.lines())
                .containsExactly(
                        "CHG-9.yaml:10:5: allow[0].value: content is approved with sha256 or hmac, not value",
                        "CHG-9.yaml:13:5: allow[1].sha256: sha256 only approves content");
    }

    static Optional<ChangeRecord> window(String validity, String rest, Problems problems) {
        String text = """
                id: CHG-9
                summary: nginx upgrade in the patch window
                approved_by: [alice@example.com]
                approved_at: 2026-11-20T10:00:00Z
                applies_to: {hosts: ["web-*"]}
                """ + validity + rest;
        return StrictYaml.parse("CHG-9.yaml", text.getBytes(StandardCharsets.UTF_8), problems)
                .flatMap(n -> RecordParser.parse("CHG-9.yaml", "CHG-9", n, Duration.ofDays(90), problems));
    }

    @Test
    void aWindowedRecordCoversAnyPropertyOfItsResourcesOpenEnded() {
        Problems p = new Problems();
        ChangeRecord r = window(
                        "valid_from: 2026-11-25T02:00:00Z\nexpires: 2026-11-25T04:00:00Z\n",
                        "resources: [package:nginx, file:/etc/nginx/nginx.conf]\n",
                        p)
                .orElseThrow();
        assertThat(p.lines()).isEmpty();
        var nginx = io.driftwarden.standard.ResourceId.parse("package:nginx").orElseThrow();
        assertThat(r.allowFor(nginx, "version")).isPresent();
        assertThat(r.allowFor(nginx, "ensure"))
                .as("any property, ensure included")
                .isPresent();
        assertThat(r.allowFor(
                        io.driftwarden.standard.ResourceId.parse("package:curl").orElseThrow(), "version"))
                .isEmpty();
        assertThat(r.openEnded()).isTrue();
    }

    @Test
    void aWindowIsAtMostADayAndNamesExactResources() {
        Problems p = new Problems();
        window("valid_from: 2026-11-25T02:00:00Z\nexpires: 2026-11-26T02:00:01Z\n", "resources: [package:nginx]\n", p);
        assertThat(p.lines())
                .singleElement()
                .asString()
                .contains("CHG-9.yaml:8")
                .contains("at most 24h");
        Problems q = new Problems();
        window(
                "valid_from: 2026-11-25T02:00:00Z\nexpires: 2026-11-25T04:00:00Z\n",
                "resources: [\"file:/etc/nginx/*\", package:nginx, package:nginx]\n",
                q);
        assertThat(q.lines())
                .anySatisfy(l -> assertThat(l).contains("no globs"))
                .anySatisfy(l -> assertThat(l).contains("package:nginx is listed twice"));
        Problems none = new Problems();
        window("expires: 2026-11-25T04:00:00Z\n", "", none);
        assertThat(none.lines()).anySatisfy(l -> assertThat(l).contains("allow: required"));
    }

    @Test
    void aResourceNameNoHostCanHoldOrThatHidesACharacterIsRefused() {
        Problems p = new Problems();
        String longPath = "/" + ("d".repeat(200) + "/").repeat(25) + "x"; // 5,027 bytes, over PATH_MAX
        assertThat(parse("""
                  - resource: "file:%s"
                    property: mode
                  - resource: "package:ng\\u2060inx"
                    property: ensure
                """.formatted(longPath), p)).isEmpty();
        assertThat(p.lines())
                .containsExactly(
                        "CHG-9.yaml:8:5: allow[0].resource: name is 5027 bytes long, more than 4095 (PATH_MAX)",
                        "CHG-9.yaml:10:5: allow[1].resource: name contains the invisible character U+2060 at position 2");
    }
}
