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
        Config c = ConfigLoader.load(
                config("instance: lab\nssh: {concurrency: 8}\n"),
                Map.of(
                        "DRIFTWARDEN_INSTANCE",
                        "prod",
                        "DRIFTWARDEN_SSH__CONCURRENCY",
                        "64",
                        "DRIFTWARDEN_SCHEDULE__RUN_DEADLINE",
                        "20m",
                        "DRIFTWARDEN_SSH_PASSPHRASE",
                        "secret",
                        "DRIFTWARDEN_DAEMON",
                        "1",
                        "PATH",
                        "/bin",
                        "DRIFTWARDEN_CDS",
                        "/var/cache/driftwarden",
                        "DRIFTWARDEN_JAR",
                        "/opt/driftwarden/driftwarden.jar"));
        assertThat(c.instance()).isEqualTo("prod");
        assertThat(c.ssh().concurrency()).isEqualTo(64);
        assertThat(c.schedule().runDeadline()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void securityKeysCannotBeOverriddenAndBadValuesNameTheVariable() throws Exception {
        Path f = config("signoff: {allowed_signers: as, required: 2}\n");
        assertThatThrownBy(() -> ConfigLoader.load(
                        f,
                        Map.of(
                                "DRIFTWARDEN_SIGNOFF__REQUIRED",
                                "0",
                                "DRIFTWARDEN_SSH__KNOWN_HOSTS",
                                "/tmp/x",
                                "DRIFTWARDEN_SSH__CONCURRENCY",
                                "many")))
                .isInstanceOf(LoadException.class)
                .satisfies(e -> assertThat(((LoadException) e).problems())
                        .containsExactlyInAnyOrder(
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

    @Test
    void realFleetKeys() throws Exception {
        Config c = ConfigLoader.load(config("""
                history: {resolve_after: 3}
                maintenance:
                  - {name: patching, cron: "0 0 2 ? * TUE", duration: 2h, time_zone: Europe/Berlin}
                email:
                  smtp: {host: smtp.example.com}
                  from: dw@example.com
                  to: [ops@example.com]
                  policy: unapproved
                  routes:
                    - {standards: [web], to: [web-ops@example.com]}
                    - {groups: [db], to: [dba@example.com]}
                  digest: {to: [cab@example.com], cron: "0 0 8 ? * MON-FRI"}
                """), Map.of());
        assertThat(c.history().resolveAfter()).isEqualTo(3);
        assertThat(c.maintenance()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("patching");
            assertThat(w.duration()).isEqualTo(java.time.Duration.ofHours(2));
        });
        assertThat(c.maintenanceAt(java.time.Instant.parse("2026-11-24T01:30:00Z")))
                .isPresent();
        assertThat(c.email().policy()).isEqualTo(io.driftwarden.config.MailPolicyName.UNAPPROVED);
        assertThat(c.email().routes()).hasSize(2);
        assertThat(c.email().digest().to()).containsExactly("cab@example.com");
        assertThat(ConfigLoader.load(config("{}\n"), Map.of()).history().resolveAfter())
                .isEqualTo(1);
        assertThat(ConfigLoader.load(config("{}\n"), Map.of()).maintenance()).isEmpty();
    }

    @Test
    void aClusterNeedsPostgresqlAndALeaseThatFitsTheDeadline() throws Exception {
        Config c = ConfigLoader.load(config("""
                store: {url: "jdbc:postgresql://db/dw"}
                schedule: {cluster: true, shard_size: 10}
                """), Map.of());
        assertThat(c.schedule().cluster()).isEqualTo(new Config.Cluster(Duration.ofSeconds(60), 10));
        assertThat(ConfigLoader.load(config("{}\n"), Map.of()).schedule().clustered())
                .isFalse();
        assertThatThrownBy(() -> ConfigLoader.load(config("""
                schedule: {cluster: true, run_deadline: 20m, shard_lease: 10m}
                """), Map.of()))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("schedule.shard_lease: must be between 10s and a quarter of run_deadline (300s)")
                .hasMessageContaining("schedule.cluster: a cluster shares its runs through PostgreSQL");
        assertThatThrownBy(() -> ConfigLoader.load(config("schedule: {shard_size: 5}\n"), Map.of()))
                .hasMessageContaining("schedule.shard_size: only means something with cluster: true");
    }

    @Test
    void realFleetKeyErrorsNameTheirPlace() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(config("""
                history: {resolve_after: 0}
                maintenance:
                  - {name: a, cron: "0 2 * * 2", duration: 2h}
                  - {name: a, cron: "0 0 2 ? * TUE"}
                email:
                  smtp: {host: smtp.example.com}
                  from: dw@example.com
                  to: [ops@example.com]
                  routes:
                    - {to: [x@example.com]}
                  digest: {cron: "0 0 8 * * ?"}
                """), Map.of()))
                .isInstanceOf(io.driftwarden.yaml.LoadException.class)
                .hasMessageContaining("history.resolve_after: must be between 1 and 100")
                .hasMessageContaining("maintenance[0].cron: '0 2 * * 2' looks like a 5-field Unix cron")
                .hasMessageContaining("maintenance[1].name: window 'a' is defined twice")
                .hasMessageContaining("maintenance[1].duration: required")
                .hasMessageContaining("email.routes[0]: routes nothing")
                .hasMessageContaining("email.digest.to: required");
    }

    @Test
    void approvalKeysHaveDefaultsAndTheirErrorsNameTheirPlace() throws Exception {
        Config c = ConfigLoader.load(config("signoff: {allowed_signers: as}\napprovals_dir: delivered\n"), Map.of());
        assertThat(c.signoff().broadHosts()).isEqualTo(10);
        assertThat(c.signoff().broadApprovalsRequired()).isEqualTo(2);
        assertThat(c.signoff().protectedResources()).contains("file:/etc/ssh/sshd_config", "file:/etc/sudoers.d/**");
        assertThat(c.signoff().refuseProtected()).isFalse();
        assertThat(c.approvalsDir()).isEqualTo(dir.resolve("delivered"));
        assertThatThrownBy(() -> ConfigLoader.load(config("""
                signoff:
                  allowed_signers: as
                  approvals_required: 2
                  broad_approvals_required: 1
                  protected_resources: ["nginx.conf"]
                  protected: never
                approvals_dir: standards/approvals
                """), Map.of()))
                .isInstanceOf(io.driftwarden.yaml.LoadException.class)
                .hasMessageContaining(":4:3: signoff.broad_approvals_required: must be at least approvals_required (2)")
                .hasMessageContaining("signoff.protected_resources: each entry is TYPE:GLOB with a known type")
                .hasMessageContaining("signoff.protected: must be two-keys or refuse, got 'never'")
                .hasMessageContaining("approvals_dir: must not be inside standards");
        assertThatThrownBy(() -> ConfigLoader.load(
                        config("signoff: {allowed_signers: as}\n"), Map.of("DRIFTWARDEN_APPROVALS_DIR", "/tmp/x")))
                .hasMessageContaining("approvals_dir is a security setting");
    }

    @Test
    void standardsMayComeFromGitWithTheSshFilesDefaultingToTheAuditsOwn() throws Exception {
        Config c = ConfigLoader.load(config("""
                standards: {git: "ssh://git@git.example.com/ops/standards.git", checkout: state/std}
                ssh: {known_hosts: kh, identity_file: id}
                """), Map.of());
        Config.GitSource g = c.standardsGit();
        assertThat(g.url()).isEqualTo("ssh://git@git.example.com/ops/standards.git");
        assertThat(g.ref()).isEqualTo("main");
        assertThat(g.checkout()).isEqualTo(dir.resolve("state/std"));
        assertThat(g.knownHosts()).isEqualTo(dir.resolve("kh"));
        assertThat(g.identityFile()).isEqualTo(dir.resolve("id"));
        assertThat(g.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.standards()).isEqualTo(dir.resolve("state/std/tree"));
        assertThat(ConfigLoader.load(config("standards: std\n"), Map.of()).standardsGit())
                .isNull();
        assertThatThrownBy(() -> ConfigLoader.load(config("""
                standards: {git: "ext::sh -c touch% /tmp/x", ref: "--upload-pack=x"}
                """), Map.of()))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("standards.git: must be an https://, ssh://, user@host:path or file:// URL")
                .hasMessageContaining("standards.ref: must be a branch, tag or commit name")
                .hasMessageContaining("standards.checkout: required");
        assertThatThrownBy(() -> ConfigLoader.load(config("""
                standards: {git: "https://bot:s3cret@git.example.com/std.git", ref: "main~3", checkout: c}
                """), Map.of()))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining(
                        "standards.git: carries a password or token: put it in standards.credentials_file")
                .hasMessageContaining("standards.ref: must be a branch, tag or commit name, got 'main~3'");
        assertThatThrownBy(() -> ConfigLoader.load(
                        config("standards: {git: \"file:///srv/std.git\", checkout: c}\n"),
                        Map.of("DRIFTWARDEN_STANDARDS__GIT", "file:///tmp/evil.git")))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("is a security setting and cannot be overridden from the environment");
    }

    @Test
    void mailInClearIsAllowedToALoopbackRelayOnly() throws Exception {
        String mail = """
                email:
                  smtp: {host: %s, security: none}
                  from: dw@example.com
                  to: [ops@example.com]
                """;
        for (String loopback : List.of("localhost", "127.0.0.1", "127.1.2.3", "::1")) {
            Config.Email e = ConfigLoader.load(config(mail.formatted("\"" + loopback + "\"")), Map.of())
                    .email();
            assertThat(e.security()).isEqualTo("none");
            assertThat(e.port()).as("a local MTA listens on 25").isEqualTo(25);
        }
        for (String remote : List.of("smtp.example.com", "10.0.0.25", "127.0.0.256", "localhost.example.com", "::2")) {
            assertThatThrownBy(() -> ConfigLoader.load(config(mail.formatted("\"" + remote + "\"")), Map.of()))
                    .isInstanceOf(io.driftwarden.yaml.LoadException.class)
                    .hasMessageContaining("email.smtp.security: none sends mail in clear, allowed only for a relay on a"
                            + " loopback address")
                    .hasMessageContaining("not '" + remote + "'");
        }
        assertThatThrownBy(() ->
                        ConfigLoader.load(config(mail.formatted("localhost").replace("none", "plain")), Map.of()))
                .hasMessageContaining("email.smtp.security: must be starttls, smtps or none");
    }

    @Test
    void aHugeConfigOrADeviceIsRefusedUnread() throws Exception {
        Path huge = dir.resolve("driftwarden.yaml");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: reading it whole used to be an OutOfMemoryError
        }
        assertThatThrownBy(() -> ConfigLoader.load(huge, Map.of()))
                .isInstanceOf(LoadException.class)
                .hasMessage(huge
                        + ": the config is 3221225472 bytes, over the 4194304-byte limit; refused without reading it");
        Path zero = Path.of("/dev/zero"); // reports size 0 and never ends: at most one byte over the cap is read
        assertThatThrownBy(() -> ConfigLoader.load(zero, Map.of()))
                .isInstanceOf(LoadException.class)
                .hasMessage(
                        "/dev/zero: the config is more than 4194304 bytes, over the 4194304-byte limit; refused without reading it");
    }
}
