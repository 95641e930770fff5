package io.driftwarden.signoff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Drives the real ssh-keygen: keys, signatures, and the reference verdicts to cross-check ours against. */
final class SshKeygen {
    private SshKeygen() {}

    record Result(int exit, String output) {}

    static Path key(Path dir, String name, String type, int bits) throws Exception {
        Path k = dir.resolve(name);
        List<String> cmd =
                new ArrayList<>(List.of("ssh-keygen", "-q", "-N", "", "-C", name, "-t", type, "-f", k.toString()));
        if (bits > 0) {
            cmd.addAll(List.of("-b", Integer.toString(bits)));
        }
        check(run(cmd, null));
        return k;
    }

    static String publicLine(Path key) throws IOException {
        String[] f = Files.readString(Path.of(key + ".pub")).strip().split(" ");
        return f[0] + " " + f[1];
    }

    /** Signs {@code file} with {@code key}; the signature lands in {@code file.sig}, returned. */
    static Path sign(Path key, String namespace, Path file) throws Exception {
        check(run(
                List.of("ssh-keygen", "-q", "-Y", "sign", "-f", key.toString(), "-n", namespace, file.toString()),
                null));
        return Path.of(file + ".sig");
    }

    static Result verify(Path allowedSigners, String principal, String namespace, Path sig, Path file, String time)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                allowedSigners.toString(),
                "-I",
                principal,
                "-n",
                namespace,
                "-s",
                sig.toString()));
        if (time != null) {
            cmd.addAll(List.of("-Overify-time=" + time));
        }
        return run(cmd, Files.readAllBytes(file));
    }

    static Result run(List<String> cmd, byte[] stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (java.io.IOException e) {
            // ssh-keygen may refuse the signature and exit before reading the message: its verdict still counts
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private static void check(Result r) {
        if (r.exit() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + r.output());
        }
    }
}
