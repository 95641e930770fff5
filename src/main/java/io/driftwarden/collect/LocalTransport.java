package io.driftwarden.collect;

import io.driftwarden.inventory.Host;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the probe on this machine: {@code /bin/sh -s} with the script on stdin, bounded in time and output. */
public final class LocalTransport implements HostTransport {
    public static final long MAX_OUTPUT = 256L * 1024 * 1024;
    private final Duration timeout;

    public LocalTransport(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public HostObservation observe(Host host, ObservationRequest request) {
        ProbeScript script = ProbeScript.of(request);
        Process process;
        try {
            process = new ProcessBuilder("/bin/sh", "-s").start();
        } catch (IOException e) {
            return new HostObservation.Failed(FailureKind.UNREACHABLE, "cannot start /bin/sh: " + e.getMessage());
        }
        try {
            CompletableFuture<byte[]> out =
                    CompletableFuture.supplyAsync(() -> drain(process.getInputStream(), MAX_OUTPUT));
            CompletableFuture<byte[]> err =
                    CompletableFuture.supplyAsync(() -> drain(process.getErrorStream(), 64 * 1024));
            try (OutputStream in = process.getOutputStream()) {
                in.write(script.text().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the probe exited early; its output and exit status tell why
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new HostObservation.Failed(
                        FailureKind.TIMEOUT, "probe did not finish within " + timeout.toSeconds() + "s");
            }
            byte[] stdout = out.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (stdout.length >= MAX_OUTPUT) {
                return new HostObservation.Failed(FailureKind.PROBE, "probe output exceeds " + MAX_OUTPUT + " bytes");
            }
            try {
                return new HostObservation.Observed(ProbeOutputParser.parse(stdout, script.items()));
            } catch (ProbeFormatException e) {
                String stderr = new String(err.get(1, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
                return new HostObservation.Failed(
                        FailureKind.PROBE,
                        e.getMessage() + " (exit " + process.exitValue() + ")"
                                + (stderr.isEmpty() ? "" : ": " + firstLine(stderr)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HostObservation.Failed(FailureKind.TIMEOUT, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return new HostObservation.Failed(
                    FailureKind.TIMEOUT, "probe output not complete within " + timeout.toSeconds() + "s");
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Override
    public java.util.Optional<byte[]> gather(Host host, String script) {
        Process process = null;
        try {
            process = new ProcessBuilder("/bin/sh", "-s")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Process p = process;
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream(), MAX_OUTPUT));
            try (OutputStream in = process.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(out.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (IOException | ExecutionException | TimeoutException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } finally {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).replaceAll("\\p{Cntrl}", "?");
    }

    /** Reads up to {@code cap} bytes, then keeps discarding so the process never blocks on a full pipe. */
    static byte[] drain(InputStream in, long cap) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[65536];
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (buf.size() < cap) {
                    buf.write(chunk, 0, (int) Math.min(n, cap - buf.size()));
                }
            }
        } catch (IOException e) {
            // stream closed when the process was killed; what was read is returned
        }
        return buf.toByteArray();
    }
}
