package io.driftwarden.standard;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A resource name must be one a reviewer can see, a host can hold and the store can keep: else a load error. */
class ResourceNamesTest {
    static List<String> problems(String yaml) {
        Problems problems = new Problems();
        StrictYaml.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), problems)
                .flatMap(n -> StandardParser.parse("t.yaml", n, p -> Optional.empty(), problems));
        return problems.lines();
    }

    static String oneFile(String path) {
        return "standard: t\nresources:\n  - file: \"" + path + "\"\n    mode: \"0644\"\n";
    }

    /** An absolute path of exactly {@code bytes} UTF-8 bytes, in components of at most 200 bytes. */
    static String pathOf(int bytes) {
        StringBuilder p = new StringBuilder();
        while (p.length() < bytes) {
            int left = bytes - p.length() - 1;
            p.append('/').append("d".repeat(Math.max(1, Math.min(200, left))));
        }
        return p.toString();
    }

    @Test
    void aPathLongerThanPathMaxIsALoadErrorNamingFileLineAndKey() {
        assertThat(pathOf(5030)).hasSize(5030);
        assertThat(problems(oneFile(pathOf(5030))))
                .containsExactly("t.yaml:3:5: resources[0].file: name is 5030 bytes long, more than 4095 (PATH_MAX)");
    }

    @Test
    void theLimitIsPathMaxLessItsTerminatingNul() {
        assertThat(problems(oneFile(pathOf(4095)))).isEmpty();
        assertThat(problems(oneFile(pathOf(4096)))).singleElement().asString().contains("4096 bytes long");
        // bytes, not characters: 2,064 characters, most of them two bytes long
        String wide = "/" + ("é".repeat(127) + "/").repeat(16) + "é".repeat(7);
        assertThat(wide.getBytes(StandardCharsets.UTF_8)).hasSize(4095);
        assertThat(problems(oneFile(wide))).isEmpty();
        assertThat(problems(oneFile(wide + "é"))).singleElement().asString().contains("4097 bytes long");
    }

    @Test
    void aPathComponentLongerThanNameMaxIsALoadError() {
        assertThat(problems(oneFile("/etc/" + "n".repeat(255)))).isEmpty();
        assertThat(problems(oneFile("/etc/" + "n".repeat(256) + "/x")))
                .singleElement()
                .asString()
                .startsWith(
                        "t.yaml:3:5: resources[0].file: name has a path component of 256 bytes, more than 255 (NAME_MAX)");
    }

    @Test
    void everyTypeOfNameIsBoundedByWhatTheStoreKeeps() {
        String yaml = "standard: t\nresources:\n  - package: " + "p".repeat(4096) + "\n    ensure: absent\n"
                + "  - service: " + "s".repeat(5000) + "\n    running: true\n";
        assertThat(problems(yaml))
                .containsExactly(
                        "t.yaml:3:5: resources[0].package: name is 4096 bytes long, more than 4095 (the longest name the store keeps)",
                        "t.yaml:5:5: resources[1].service: name is 5000 bytes long, more than 4095 (the longest name the store keeps)");
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"200B", "200C", "200D", "2060", "FEFF", "00AD", "180E", "E0041", "202E", "0085"})
    void invisibleFormatCharactersInNamesAreRefused(String hex) {
        String c = hex.length() == 4 ? "\\u" + hex : "\\U000" + hex; // a YAML escape: the file stays printable
        assertThat(problems(oneFile("/etc/mo" + c + "td")))
                .containsExactly("t.yaml:3:5: resources[0].file: name contains" + " the invisible character U+" + hex
                        + " at position 7 (reviewers cannot see it)");
        assertThat(problems("standard: t\nresources:\n  - package: \"ng" + c + "inx\"\n"))
                .singleElement()
                .asString()
                .contains("invisible character U+" + hex);
    }

    @Test
    void visibleNonAsciiNamesStillLoad() {
        assertThat(problems(oneFile("/etc/motd-ünïcödé-日本-😀"))).isEmpty();
    }

    @Test
    void oneFilesProblemsAreAllReportedAtOnce() {
        // a tab and a duplicate key used to hide everything else in the file: one fix, one rerun, one more error
        String yaml = "standard: t\nresources:\n  - file: /etc/motd\n    owner:\troot\n    owner: daemon\n"
                + "    mode: 0644\n    colour: blue\n";
        assertThat(problems(yaml))
                .containsExactly(
                        "t.yaml:4:11: tab character (YAML indentation and values must use spaces)",
                        "t.yaml:5:5: resources[0].owner: duplicate key (first at t.yaml:4:5)",
                        "t.yaml:6:11: resources[0].mode: must be a quoted octal string like \"0644\" (a YAML integer loses the octal meaning; quote it)",
                        "t.yaml:7:5: resources[0].colour: unknown key");
    }
}
