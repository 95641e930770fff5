package io.driftwarden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.yaml.LoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    Path config(String text) throws Exception {
        return Files.writeString(dir.resolve("driftwarden.yaml"), text);
    }

    @Test
    void everyKeyHasItsDefault() throws Exception {
        Config c = ConfigLoader.load(config("{}\n"), Map.of());
        assertThat(c.instance()).isEqualTo("driftwarden");
        assertThat(c.standards()).isEqualTo(dir.resolve("standards"));
        assertThat(c.reportsDir()).isEqualTo(dir.resolve("var/reports"));
        assertThat(c.store().url()).isEqualTo("jdbc:h2:file:" + dir.resolve("var/driftwarden") + ";AUTO_SERVER=TRUE");
        assertThat(c.schedule()).isEqualTo(Config.Schedule.DEFAULTS);
        assertThat(c.http()).isEqualTo(Config.Http.DEFAULTS);
        assertThat(c.ssh().concurrency()).isEqualTo(32);
        assertThat(c.ssh().hostTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.approvals()).isEqualTo(Config.Approvals.DEFAULTS);
        assertThat(c.metricsPerHost()).isTrue();
        assertThat(c.signoff()).isNull();
    }

    @Test
    void environmentOverridesAreTypedLikeYaml() throws Exception {
        Config c = ConfigLoader.load(config("instance: lab\nssh: {concurrency: 8}\n"), Map.of(
                "DRIFTWARDEN_INSTANCE", "prod", "DRIFTWARDEN_SSH__CONCURRENCY", "64",
                "DRIFTWARDEN_SCHEDULE__RUN_DEADLINE", "20m", "DRIFTWARDEN_SSH_PASSPHRASE", "secret", "DRIFTWARDEN_DAEMON", "1", "PATH", "/bin"));
        assertThat(c.instance()).isEqualTo("prod");
        assertThat(c.ssh().concurrency()).isEqualTo(64);
        assertThat(c.schedule().runDeadline()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void securityKeysCannotBeOverriddenAndBadValuesNameTheVariable() throws Exception {
        Path f = config("signoff: {allowed_signers: as, required: 2}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of("DRIFTWARDEN_SIGNOFF__REQUIRED", "0",
                "DRIFTWARDEN_SSH__KNOWN_HOSTS", "/tmp/x", "DRIFTWARDEN_SSH__CONCURRENCY", "many")))
                .isInstanceOf(LoadException.class)
                .satisfies(e -> assertThat(((LoadException) e).problems()).containsExactlyInAnyOrder(
                        "DRIFTWARDEN_SIGNOFF__REQUIRED:1:1: signoff.required is a security setting and cannot be overridden from the environment",
                        "DRIFTWARDEN_SSH__KNOWN_HOSTS:1:1: ssh.known_hosts is a security setting and cannot be overridden from the environment",
                        "DRIFTWARDEN_SSH__CONCURRENCY:1:1: ssh.concurrency: expected an integer, got 'many'"));
        assertThatThrownBy(() -> ConfigLoader.load(config("{}\n"), Map.of("DRIFTWARDEN_NOPE", "1")))
                .hasMessage("DRIFTWARDEN_NOPE:1:1: nope: unknown key");
    }

    @Test
    void aUnixCronGetsAHint() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(config("schedule: {cron: \"0 * * * *\"}\n"), Map.of()))
                .hasMessageContaining("schedule.cron: '0 * * * *' looks like a 5-field Unix cron")
                .hasMessageContaining("e.g. '0 0 * * * ?'");
    }
}
