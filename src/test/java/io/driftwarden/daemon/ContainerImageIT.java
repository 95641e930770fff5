package io.driftwarden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/container/Dockerfile, built on the local JRE base image (test-fixtures/images), and run. */
class ContainerImageIT {
    static final String BASE = "driftwarden-test-jre:17";
    static final String IMAGE = "driftwarden-test:it";
    static final Path DEMO = Path.of("test-fixtures/demo").toAbsolutePath();

    @TempDir
    Path dir;

    String container;

    static String docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out.strip();
    }

    @AfterEach
    void cleanup() throws Exception {
        if (container != null) {
            new ProcessBuilder("docker", "rm", "-f", container).start().waitFor();
        }
    }

    @Test
    void theImageRunsTheDaemonAndStopsOnSigterm() throws Exception {
        assertThat(new ProcessBuilder("sh", DEMO.resolve("build.sh").toString()).inheritIO().start().waitFor()).isZero();
        docker("build", "-q", "--build-arg", "BASE=" + BASE, "-f", "deploy/container/Dockerfile", "-t", IMAGE, ".");
        assertThat(docker("run", "--rm", IMAGE, "--version")).startsWith("driftwarden ");

        Path state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path cfg = Files.writeString(dir.resolve("driftwarden.yaml"), "instance: container\nstandards: " + DEMO.resolve("build/standards")
                + "\ninventory: " + DEMO.resolve("inventory.yaml") + "\nreports_dir: /state/reports\nstore: {url: \"jdbc:h2:file:/state/state/driftwarden\"}\n"
                + "hmac_key_file: /state/hmac.key\nsignoff: {allowed_signers: " + DEMO.resolve("build/allowed_signers") + ", required: 2}\n"
                + "schedule: {cron: \"0/2 * * * * ?\"}\nhttp: {listen: \"0.0.0.0:9464\"}\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));
        container = docker("run", "-d", "-p", "127.0.0.1::9464", "-v", DEMO + ":" + DEMO + ":ro",
                "-v", cfg + ":/etc/driftwarden/driftwarden.yaml:ro", "-v", state + ":/state", IMAGE);
        String port = docker("port", container, "9464").lines().findFirst().orElseThrow().replaceAll(".*:", "");
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> metrics(port)
                    .contains("driftwarden_audit_runs_total{outcome=\"success\"} 1"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no successful run within 60 s; the container said:\n" + docker("logs", container), e);
        }
        long t0 = System.nanoTime();
        docker("stop", "-t", "10", container);
        assertThat((System.nanoTime() - t0) / 1_000_000_000L).isLessThan(10);
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", container)).isIn("0", "143");
    }

    static String metrics(String port) {
        try {
            return DaemonProcess.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
