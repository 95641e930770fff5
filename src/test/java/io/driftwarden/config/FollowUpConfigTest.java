package io.driftwarden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.yaml.LoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** approvals.remediate_within, approvals.escalation and webhooks: defaults, forms, and errors that name their place. */
class FollowUpConfigTest {
    static final String MAIL =
            "email: {smtp: {host: localhost, security: none}, from: d@example.com, to: [ops@example.com]}\n";

    @TempDir
    Path dir;

    Config load(String text) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("driftwarden.yaml"), text), Map.of());
    }

    java.util.List<String> problems(String text) {
        try {
            load(text);
        } catch (LoadException e) {
            return e.problems();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("loaded: " + text);
    }

    /** The webhooks section alone, as the loader reads it. */
    List<Config.Webhook> webhooks(String text, io.driftwarden.yaml.Problems problems) {
        var root = io.driftwarden.yaml.StrictYaml.parse(
                        "driftwarden.yaml", text.getBytes(java.nio.charset.StandardCharsets.UTF_8), problems)
                .orElseThrow();
        var r = io.driftwarden.yaml.MapReader.of(root, "", problems).orElseThrow();
        return WebhooksSection.read(r, dir);
    }

    @Test
    void theLoaderTakesWebhooksAndAloneTheyAreSomewhereForEscalationsToGo() throws Exception {
        Config c = load("approvals: {remediate_within: 24h}\n"
                + "webhooks: [{name: l, url: \"https://x.example.com/h\", secrets: [{id: k, file: k}]}]\n");
        assertThat(c.webhooks()).extracting(Config.Webhook::name).containsExactly("l");
    }

    @Test
    void noDeadlinesAndNoWebhooksByDefault() throws Exception {
        Config c = load("{}\n");
        assertThat(c.approvals().deadlines()).isNull();
        assertThat(c.webhooks()).isEmpty();
    }

    @Test
    void aDeadlineAloneEscalatesOnceToTheMailRecipientsEveryDay() throws Exception {
        Config.Deadlines d =
                load(MAIL + "approvals: {remediate_within: 24h}\n").approvals().deadlines();
        assertThat(d.remediateWithin()).isEqualTo(Duration.ofHours(24));
        assertThat(d.levels()).containsExactly(new Config.Level("team", Duration.ZERO, List.of()));
        assertThat(d.remindEvery()).isEqualTo(Duration.ofHours(24));
        assertThat(d.within("anything")).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void perStandardDeadlinesAndLevels() throws Exception {
        Config.Deadlines d = load(MAIL + """
                approvals:
                  remediate_within: {default: 24h, per_standard: {pci-web: 8h}}
                  escalation:
                    levels:
                      - {name: team, after: 0s, to: [team@example.com]}
                      - {name: cab-chair, after: 48h, to: [chair@example.com]}
                    remind_every: 0s
                """).approvals().deadlines();
        assertThat(d.within("pci-web")).isEqualTo(Duration.ofHours(8));
        assertThat(d.within("base")).isEqualTo(Duration.ofHours(24));
        assertThat(d.levels()).extracting(Config.Level::name).containsExactly("team", "cab-chair");
        assertThat(d.levels().get(1).after()).isEqualTo(Duration.ofHours(48));
        assertThat(d.remindEvery()).isZero();
    }

    @Test
    void deadlineErrorsNameTheirPlace() {
        assertThat(problems(MAIL + """
                approvals:
                  remediate_within: {default: 0s, per_standard: {web: soon}}
                  escalation:
                    levels:
                      - {name: Team, after: 24h}
                      - {name: two, after: 12h}
                """))
                .anySatisfy(p -> assertThat(p)
                        .contains(":3:")
                        .contains("approvals.remediate_within.default: must be more than 0s"))
                .anySatisfy(
                        p -> assertThat(p).contains("approvals.remediate_within.per_standard.web: must be a duration"))
                .anySatisfy(p -> assertThat(p)
                        .contains(":6:")
                        .contains("approvals.escalation.levels[0].name: must be lowercase"))
                .anySatisfy(p ->
                        assertThat(p).contains(":7:").contains("approvals.escalation.levels[1].after: must be later"));
        assertThat(problems("approvals: {escalation: {remind_every: 1h}}\n"))
                .singleElement()
                .satisfies(x -> assertThat(x)
                        .endsWith("driftwarden.yaml:1:13: approvals.escalation: needs approvals.remediate_within:"
                                + " without a deadline nothing escalates"));
    }

    @Test
    void escalationsNeedMailOrAWebhook() {
        assertThat(problems("approvals: {remediate_within: 24h}\n"))
                .anySatisfy(
                        p -> assertThat(p).contains("approvals.remediate_within: escalations need somewhere to go"));
    }

    @Test
    void aWebhookHasSafeDefaults() {
        var problems = new io.driftwarden.yaml.Problems();
        List<Config.Webhook> hooks = webhooks("""
                webhooks:
                  - {name: itsm, url: "https://itsm.example.com/hooks/dw", secrets: [{id: k1, file: wh-k1}]}
                  - {name: chat, url_file: slack-url, format: slack}
                """, problems);
        assertThat(problems.lines()).isEmpty();
        Config.Webhook itsm = hooks.get(0);
        assertThat(itsm.format()).isEqualTo("json");
        assertThat(itsm.minimal()).isFalse();
        assertThat(itsm.secrets()).containsExactly(new Config.Secret("k1", dir.resolve("wh-k1")));
        assertThat(itsm.wants("flapped")).isTrue();
        assertThat(itsm.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(itsm.maxAttempts()).isEqualTo(5);
        assertThat(itsm.toString()).doesNotContain("itsm.example.com");
        Config.Webhook chat = hooks.get(1);
        assertThat(chat.minimal())
                .as("personal data left out of chat by default")
                .isTrue();
        assertThat(chat.urlFile()).isEqualTo(dir.resolve("slack-url"));
    }

    @Test
    void webhookErrorsNameTheirPlaceAndNeverTheUrlsPath() {
        var problems = new io.driftwarden.yaml.Problems();
        webhooks("""
                webhooks:
                  - {name: itsm, url: "http://itsm.example.com/hooks/T0SECRET", secrets: [{id: k1, file: a}]}
                  - {name: itsm, url: "https://u:pw@x.example.com/h", secrets: [{id: k1, file: a}, {id: k1, file: b}]}
                  - {name: three, url: "https://x.example.com/h", format: teams, events: [opened]}
                  - {name: four, url: "https://x.example.com/h", secrets: [{id: a, file: a}, {id: b, file: b}, {id: c, file: c}]}
                  - {name: five, secrets: [{id: k, file: k}], max_attempts: 0, timeout: 1s, connect_timeout: 5s}
                  - {name: six, url: "https://x.example.com/h"}
                """, problems);
        List<String> p = problems.lines();
        assertThat(p)
                .anySatisfy(x ->
                        assertThat(x).contains(":2:").contains("webhooks[0].url: http://itsm.example.com: https only"))
                .anySatisfy(x -> assertThat(x).contains(":3:").contains("webhooks[1].name: 'itsm' is named twice"))
                .anySatisfy(x -> assertThat(x).contains("webhooks[1].url: https://x.example.com: no user:password@"))
                .anySatisfy(x -> assertThat(x).contains("webhooks[1].secrets[1].id: 'k1' is given twice"))
                .anySatisfy(x -> assertThat(x).contains("webhooks[2].format: must be json or slack, got 'teams'"))
                .anySatisfy(x -> assertThat(x).contains("webhooks[5].secrets: required for format json"))
                .anySatisfy(x -> assertThat(x).contains("webhooks[2].events: unknown event 'opened'"))
                .anySatisfy(x -> assertThat(x).contains("webhooks[3].secrets: at most 2"))
                .anySatisfy(x -> assertThat(x).contains("webhooks[4]: give exactly one of url and url_file"))
                .anySatisfy(x -> assertThat(x).contains("webhooks[4].max_attempts: must be between 1 and 100"))
                .anySatisfy(x -> assertThat(x).contains("webhooks[4].timeout: must be at least connect_timeout"))
                .noneSatisfy(x -> assertThat(x).contains("T0SECRET").contains("hooks"));
        var loopback = new io.driftwarden.yaml.Problems();
        webhooks("webhooks: [{name: l, url: \"http://127.0.0.1:8080/h\", secrets: [{id: k, file: k}]}]\n", loopback);
        assertThat(loopback.lines()).as("http to a loopback receiver is fine").isEmpty();
    }

    @Test
    void deadlinesAndWebhooksCannotBeChangedFromTheEnvironment() throws Exception {
        Path f = Files.writeString(dir.resolve("driftwarden.yaml"), MAIL + "approvals: {remediate_within: 24h}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of("DRIFTWARDEN_APPROVALS__REMEDIATE_WITHIN", "999d")))
                .hasMessageContaining("approvals.remediate_within is a security setting");
    }
}
