package io.driftwarden.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The .deb as an administrator meets it, in a fresh Debian container (test-fixtures/images/build-debian-image.sh):
 * install, the unit's ExecStart run as its User= auditing the demo fleet, upgrade, purge. systemd is not PID 1
 * there, so its tools run by hand and the unit's hardening is not exercised.
 */
class DebPackageIT {
    static final String IMAGE = "driftwarden-test-debian:1";
    static final Path DEMO = Path.of("test-fixtures/demo").toAbsolutePath();
    static final String UNIT = "/usr/lib/systemd/system/driftwarden.service";

    String c;

    @BeforeEach
    void start() throws Exception {
        assertThat(new ProcessBuilder("sh", DEMO.resolve("build.sh").toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        c = Docker.run("run", "-d", "--rm", IMAGE, "sleep", "infinity");
        Docker.run("cp", deb().toString(), c + ":/tmp/driftwarden.deb");
        Docker.run("cp", DEMO.toString(), c + ":/srv/demo");
        sh("chmod -R a+rX /srv/demo");
    }

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            Docker.attempt("rm", "-f", c);
        }
    }

    static Path deb() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            List<Path> debs = s.filter(p -> p.getFileName().toString().matches("driftwarden_.*_all\\.deb"))
                    .toList();
            assertThat(debs)
                    .as("mvn -Ppackages package builds exactly one .deb")
                    .hasSize(1);
            return debs.get(0).toAbsolutePath();
        }
    }

    String sh(String script) throws Exception {
        return Docker.run("exec", c, "sh", "-ec", script);
    }

    @Test
    void installsRunsItsUnitAsItsUserUpgradesAndPurgesCleanly() throws Exception {
        sh("dpkg -i /tmp/driftwarden.deb");
        assertThat(sh("getent passwd driftwarden")).endsWith(":/var/lib/driftwarden:/usr/sbin/nologin");
        assertThat(sh("stat -c '%U:%G %a' /var/lib/driftwarden /var/lib/driftwarden/reports /etc/driftwarden "
                                + "/etc/driftwarden/driftwarden.yaml")
                        .lines())
                .containsExactly(
                        "driftwarden:driftwarden 700",
                        "driftwarden:driftwarden 750",
                        "root:driftwarden 750",
                        "root:driftwarden 640");
        assertThat(sh("systemd-analyze verify " + UNIT + " 2>&1"))
                .as("systemd-analyze prints what it ignores")
                .isEmpty();
        assertThat(sh("driftwarden --version")).startsWith("driftwarden " + version());

        // the administrator's configuration: the demo fleet, a run every two seconds
        sh("cat > /etc/driftwarden/driftwarden.yaml <<'EOF'\n" + """
                instance: packaged
                standards: /srv/demo/build/standards
                inventory: /srv/demo/inventory.yaml
                reports_dir: /var/lib/driftwarden/reports
                store: {url: "jdbc:h2:file:/var/lib/driftwarden/driftwarden"}
                hmac_key_file: /var/lib/driftwarden/hmac.key
                signoff: {allowed_signers: /srv/demo/build/allowed_signers, required: 2, approvals_required: 1}
                schedule: {cron: "0/2 * * * * ?"}
                http: {listen: "127.0.0.1:9464"}
                """ + "EOF");
        runTheUnitUntilAReport();
        String report = sh("cat /var/lib/driftwarden/reports/latest.json");
        assertThat(report).containsPattern("\"instance\" ?: \"packaged\"").contains("\"unapproved\"");

        sh("rm -rf /tmp/up && dpkg-deb -R /tmp/driftwarden.deb /tmp/up"
                + " && sed -i 's/^Version: .*/Version: " + version() + "+upgrade1/' /tmp/up/DEBIAN/control"
                + " && dpkg-deb -b /tmp/up /tmp/driftwarden-upgrade.deb >/dev/null");
        sh("dpkg -i /tmp/driftwarden-upgrade.deb");
        assertThat(sh("dpkg-query -W -f '${Version}' driftwarden")).isEqualTo(version() + "+upgrade1");
        assertThat(sh("cat /etc/driftwarden/driftwarden.yaml"))
                .as("the edited conffile is kept")
                .contains("instance: packaged");
        assertThat(sh("ls /var/lib/driftwarden")).as("the state survives").contains("driftwarden.mv.db", "hmac.key");
        Docker.Result audit = Docker.attempt(
                "exec",
                "-u",
                "driftwarden",
                "-w",
                "/var/lib/driftwarden",
                c,
                "driftwarden",
                "audit",
                "--config",
                "/etc/driftwarden/driftwarden.yaml",
                "--format",
                "json");
        assertThat(audit.code()).as(audit.output()).isEqualTo(2);

        sh("dpkg --purge driftwarden");
        assertThat(sh("dpkg-query -W -f '${db:Status-Abbrev}' driftwarden 2>&1 || true"))
                .doesNotStartWith("ii");
        assertThat(
                        sh(
                                "for p in /usr/share/driftwarden /usr/bin/driftwarden /var/lib/driftwarden /etc/driftwarden "
                                        + UNIT
                                        + " /usr/lib/sysusers.d/driftwarden.conf /usr/lib/tmpfiles.d/driftwarden.conf; do [ -e $p ] && echo $p; done; true"))
                .as("nothing left behind")
                .isEmpty();
    }

    /** ExecStart exactly as the unit says, as its User=, in its WorkingDirectory=, with its Environment=. */
    private void runTheUnitUntilAReport() throws Exception {
        String unit = sh("cat " + UNIT);
        List<String> cmd = new ArrayList<>(List.of(
                "exec",
                "-d",
                "-u",
                value(unit, "User"),
                "-w",
                value(unit, "WorkingDirectory"),
                "-e",
                value(unit, "Environment"),
                c));
        cmd.addAll(Arrays.asList(value(unit, "ExecStart").split(" ")));
        Docker.run(cmd.toArray(String[]::new));
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> Docker.attempt("exec", c, "test", "-s", "/var/lib/driftwarden/reports/latest.json")
                                    .code()
                            == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no report within 90 s; processes:\n" + sh("ps -ef"), e);
        }
        assertThat(sh("ps -o user= -C java")).isEqualTo("driftwarden");
        sh(
                "pkill -TERM -u driftwarden java; for i in $(seq 1 30); do pgrep -u driftwarden java >/dev/null || exit 0; sleep 1; done; exit 1");
    }

    private static String value(String unit, String key) {
        return unit.lines()
                .filter(l -> l.startsWith(key + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError(key))
                .substring(key.length() + 1);
    }

    private static String version() throws Exception {
        String n = deb().getFileName().toString();
        return n.substring("driftwarden_".length(), n.length() - "_all.deb".length());
    }
}
