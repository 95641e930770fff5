package io.driftwarden.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** The docker CLI, as an operator would type it: each call must succeed, and its output is returned. */
final class Docker {
    private Docker() {}

    static String run(String... args) throws Exception {
        Result r = attempt(args);
        assertThat(r.code()).as(r.command() + "\n" + r.output()).isZero();
        return r.output();
    }

    /** A call whose exit code is the test's business. */
    static Result attempt(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        return new Result(String.join(" ", cmd), p.waitFor(), out);
    }

    record Result(String command, int code, String output) {}
}
