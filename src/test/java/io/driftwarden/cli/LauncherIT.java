package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher, target/driftwarden, on the JVM running this test (17 writes a CDS archive, 25 and later an AOT
 * cache): the first run of a command writes the archive, the next maps its classes from it, and neither adds a
 * byte to the command's own output (a JSON report on stdout must stay JSON).
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("target/driftwarden").toAbsolutePath();

    @TempDir
    Path cache;

    @TempDir
    Path logs;

    @Test
    void theFirstRunWritesTheArchiveTheNextMapsItAndNeitherSaysMore() throws Exception {
        Run first = run("first.log");
        assertThat(first.exit).isZero();
        assertThat(first.err).isEmpty();
        assertThat(first.out).matches("driftwarden \\S+\n");
        String archive = Runtime.version().feature() >= 25 ? ".aot" : ".jsa";
        assertThat(files(cache)).singleElement().asString().startsWith("other-").endsWith(archive);
        assertThat(loadedFromArchive("first.log")).isFalse();

        Run second = run("second.log");
        assertThat(second.exit).isZero();
        assertThat(second.err).isEmpty();
        assertThat(second.out).isEqualTo(first.out);
        assertThat(loadedFromArchive("second.log")).isTrue();
        assertThat(files(cache)).hasSize(1);
    }

    private boolean loadedFromArchive(String log) throws IOException {
        String main = Files.readAllLines(logs.resolve(log)).stream()
                .filter(l -> l.contains(" io.driftwarden.cli.Main source: "))
                .findFirst()
                .orElseThrow();
        return main.contains("source: shared objects file");
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Run run(String classLog) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "--version");
        Map<String, String> env = pb.environment();
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("DRIFTWARDEN_CDS", cache.toString());
        env.put("JAVA_OPTS", "-Xlog:class+load:file=" + logs.resolve(classLog));
        pb.redirectError(logs.resolve(classLog + ".err").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Run(exit, out, Files.readString(logs.resolve(classLog + ".err")));
    }

    private record Run(int exit, String out, String err) {}
}
