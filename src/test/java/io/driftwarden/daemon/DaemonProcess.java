package io.driftwarden.daemon;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The daemon as operators run it: `java -jar target/driftwarden.jar daemon`, a real process, real signals. */
final class DaemonProcess implements AutoCloseable {
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final Process process;
    final Path log;
    final int port;

    private DaemonProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static DaemonProcess start(Path config, int port, Path log) throws IOException {
        return start(config, port, log, List.of());
    }

    /** With JVM options before {@code -jar} (a heap limit, say). */
    static DaemonProcess start(Path config, int port, Path log, List<String> jvm) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of(
                "-jar",
                Path.of("target/driftwarden.jar").toAbsolutePath().toString(),
                "daemon",
                "--config",
                config.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new DaemonProcess(p, log, port);
    }

    String metrics() {
        return get("/metrics");
    }

    String get(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The HTTP status of a GET on the metrics listener; -1 when it does not answer. */
    int status(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The value of one sample line, or -1 when absent. */
    double sample(String line) {
        for (String l : metrics().split("\n")) {
            if (l.startsWith(line + " ")) {
                return Double.parseDouble(l.substring(line.length() + 1));
            }
        }
        return -1;
    }

    /**
     * Waits for a condition on the running daemon; on timeout (or when the process has died) fails with its log, so
     * a CI failure says why.
     */
    void await(Duration atMost, java.util.concurrent.Callable<Boolean> condition) throws IOException {
        try {
            org.awaitility.Awaitility.await().atMost(atMost).until(() -> condition.call() || !process.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "not within " + atMost + "; daemon log:\n" + java.nio.file.Files.readString(log), e);
        }
        if (!process.isAlive()) {
            throw new AssertionError(
                    "the daemon exited with " + process.exitValue() + "; log:\n" + java.nio.file.Files.readString(log));
        }
    }

    /** SIGTERM; returns the exit code, or throws when it does not end within {@code seconds}. */
    int terminate(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("daemon did not stop within " + seconds + " s after SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
