package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case under test-fixtures/malformed overlays one broken file on a valid base: the audit must exit 1
 * with exactly one stderr line that starts with file:line:column and names the key, and write no report.
 */
class MalformedInputTest {
    static final Path ROOT = Path.of("test-fixtures/malformed");

    @TempDir
    Path tmp;

    static Stream<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("_")).sorted().toList().stream();
        }
    }

    @Test
    void thereAreAtLeastTwentyCases() throws IOException {
        assertThat(cases().count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void theBaseItselfLoads() throws IOException {
        Path dir = assemble(null);
        CliRun run =
                CliRun.of("audit", "--config", dir.resolve("driftwarden.yaml").toString(), "--insecure-unsigned");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isEqualTo(4); // its one image host has no root: failed, not a load error
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneClearLineAndNothingWritten(String name) throws IOException {
        Path dir = assemble(name);
        CliRun run =
                CliRun.of("audit", "--config", dir.resolve("driftwarden.yaml").toString(), "--insecure-unsigned");
        String expected =
                Files.readString(ROOT.resolve(name).resolve("expected.txt")).strip();
        List<String> lines = run.err().lines().toList();
        assertThat(run.exit()).isEqualTo(1);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("^\\S+:\\d+:\\d+: .*").contains(expected);
        assertThat(run.out()).isEmpty();
        assertThat(dir.resolve("reports")).doesNotExist();
    }

    private Path assemble(String name) throws IOException {
        Path dir = tmp.resolve(name == null ? "base" : name);
        io.driftwarden.TestFiles.copyTree(ROOT.resolve("_base"), dir);
        if (name != null) {
            io.driftwarden.TestFiles.copyTree(ROOT.resolve(name), dir);
            Files.deleteIfExists(dir.resolve("expected.txt"));
        }
        return dir;
    }
}
