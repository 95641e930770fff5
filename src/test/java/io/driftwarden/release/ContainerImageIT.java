package io.driftwarden.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image Jib builds (profile packages: a Docker-format archive of the release image, on the local JRE base of
 * test-fixtures/images), loaded into the engine and run as an operator would: read-only, as its numeric UID.
 */
class ContainerImageIT {
    static final Path ARCHIVE = Path.of("target/jib/driftwarden-docker.tar");
    static final Path DEMO = Path.of("test-fixtures/demo").toAbsolutePath();

    @TempDir
    Path dir;

    String container;

    static String docker(String... args) throws Exception {
        return Docker.run(args);
    }

    /** Loads the archive; returns the image's name as Jib tagged it. */
    static String load() throws Exception {
        assertThat(ARCHIVE).as("mvn -Ppackages package builds it").exists();
        String out = docker("load", "-i", ARCHIVE.toString());
        // an earlier load of the same tag is renamed away first, with a line of its own
        String loaded = out.lines()
                .filter(l -> l.startsWith("Loaded image: "))
                .reduce((a, b) -> b)
                .orElse("");
        assertThat(loaded).as(out).startsWith("Loaded image: driftwarden:");
        return loaded.substring("Loaded image: ".length()).strip();
    }

    @AfterEach
    void cleanup() throws Exception {
        if (container != null) {
            new ProcessBuilder("docker", "rm", "-f", container).start().waitFor();
        }
    }

    @Test
    void theImageCarriesItsLabelsAndANumericNonRootUser() throws Exception {
        String image = load();
        String version = image.substring("driftwarden:".length());
        assertThat(docker("inspect", "-f", "{{.Config.User}}", image)).isEqualTo("10001:10001");
        String labels = docker("inspect", "-f", "{{json .Config.Labels}}", image);
        assertThat(labels)
                .contains("\"org.opencontainers.image.version\":\"" + version + "\"")
                .contains("\"org.opencontainers.image.licenses\":\"Apache-2.0\"")
                .contains("\"org.opencontainers.image.source\":\"https://github.com/")
                .containsPattern("\"org.opencontainers.image.revision\":\"[0-9a-f]{40}\"");
        assertThat(docker("run", "--rm", "--read-only", image, "--version")).isEqualTo("driftwarden " + version);
    }

    @Test
    void theImageRunsTheDaemonReadOnlyAndStopsOnSigterm() throws Exception {
        assertThat(new ProcessBuilder("sh", DEMO.resolve("build.sh").toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        String image = load();

        Path state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path cfg = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "instance: container\nstandards: " + DEMO.resolve("build/standards")
                        + "\ninventory: " + DEMO.resolve("inventory.yaml")
                        + "\nreports_dir: /state/reports\nstore: {url: \"jdbc:h2:file:/state/state/driftwarden\"}\n"
                        + "hmac_key_file: /state/hmac.key\nsignoff: {allowed_signers: "
                        + DEMO.resolve("build/allowed_signers") + ", required: 2}\n"
                        + "schedule: {cron: \"0/2 * * * * ?\"}\nhttp: {listen: \"0.0.0.0:9464\"}\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));
        container = docker(
                "run",
                "-d",
                "--read-only",
                "--tmpfs",
                "/tmp",
                "-p",
                "127.0.0.1::9464",
                "-v",
                DEMO + ":" + DEMO + ":ro",
                "-v",
                cfg + ":/etc/driftwarden/driftwarden.yaml:ro",
                "-v",
                state + ":/state",
                image);
        String port = docker("port", container, "9464")
                .lines()
                .findFirst()
                .orElseThrow()
                .replaceAll(".*:", "");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> metrics(port).contains("driftwarden_audit_runs_total{outcome=\"success\"} 1"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "no successful run within 60 s; the container said:\n" + docker("logs", container), e);
        }
        long t0 = System.nanoTime();
        docker("stop", "-t", "10", container);
        assertThat((System.nanoTime() - t0) / 1_000_000_000L).isLessThan(10);
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", container)).isIn("0", "143");
        assertThat(Files.getOwner(state.resolve("hmac.key")).getName())
                .as("written as the image's UID")
                .isIn("10001");
    }

    static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    static String metrics(String port) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            return "";
        }
    }
}
