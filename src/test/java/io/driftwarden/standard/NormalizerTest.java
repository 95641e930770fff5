package io.driftwarden.standard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare: ignore-comments-and-blank-lines: the Java rule equals the probe's grep, byte for byte. */
class NormalizerTest {
    @TempDir
    Path dir;

    static final List<String> SAMPLES = List.of(
            "# header\nPort 22\n\n  # indented comment\nPermitRootLogin no\n",
            "Port 22\nPermitRootLogin no", // no final newline
            "\t\r\n \f\u000b\nPasswordAuthentication no # trailing comment stays\n",
            "a\u0000b\n#x\n", // a NUL: grep -a still treats it as text
            "",
            "\n\n# only comments\n",
            "key=value\r\n#c\r\nother\r\n",
            "caf\u00e9 \u00fcber\n  #\u00e9\n");

    @Test
    void theJavaRuleIsTheProbesGrep() throws Exception {
        for (String sample : SAMPLES) {
            byte[] in = sample.getBytes(StandardCharsets.UTF_8);
            Path f = Files.write(dir.resolve("f"), in);
            Process p = new ProcessBuilder(
                            "sh", "-c", "LC_ALL=C grep -a -v -E '^[[:space:]]*(#|$)' < \"$0\"; true", f.toString())
                    .redirectErrorStream(true)
                    .start();
            byte[] grep = p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).isZero();
            assertThat(Normalizer.apply(in)).as(sample.replace("\n", "\\n")).isEqualTo(grep);
        }
    }

    @Test
    void commentsAndBlankLinesDoNotCountButOrderDoes() {
        byte[] a = Normalizer.apply("# v1\nPort 22\n\nPermitRootLogin no\n".getBytes());
        byte[] b = Normalizer.apply("# edited by ops 2026-11-23\nPort 22\n# why\nPermitRootLogin no\n\n".getBytes());
        byte[] swapped = Normalizer.apply("PermitRootLogin no\nPort 22\n".getBytes());
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(swapped);
    }

    @Test
    void itLapsesAtItsExpiry() {
        Normalizer n = new Normalizer(
                "ops annotate",
                Instant.parse("2026-12-01T00:00:00Z"),
                new io.driftwarden.yaml.Mark("b.yaml", 3, 5),
                false);
        assertThat(n.at(Instant.parse("2026-11-30T23:59:59Z")).lapsed()).isFalse();
        assertThat(n.at(Instant.parse("2026-12-01T00:00:00Z")).lapsed()).isTrue();
        assertThat(n.at(Instant.parse("2026-12-01T00:00:00Z")).note())
                .contains("expired at 2026-12-01T00:00:00Z (b.yaml:3): compared exactly");
        assertThat(n.note()).contains("until 2026-12-01T00:00:00Z (b.yaml:3: ops annotate)");
    }
}
