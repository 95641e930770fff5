package io.driftwarden.adopt;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line edits keep the rest of the file byte for byte, and what they write reads back as the same scalar. */
class YamlLinesTest {
    static List<String> replace(String text, int line, String key, String value) {
        return YamlLines.replaceValue(List.of(text.split("\n", -1)), line, key, value)
                .orElseThrow();
    }

    @Test
    void keepsCommentsAndEveryOtherLine() {
        assertThat(replace("  - file: /a\n    mode: \"0644\"   # tight\n    owner: root", 2, "mode", "\"0600\""))
                .containsExactly("  - file: /a", "    mode: \"0600\"   # tight", "    owner: root");
        assertThat(replace("    mode: '0644' # it''s", 1, "mode", "\"0600\""))
                .containsExactly("    mode: \"0600\" # it''s");
        assertThat(replace("    mode: 'it''s' # c", 1, "mode", "\"x\"")).containsExactly("    mode: \"x\" # c");
        assertThat(replace("    groups: [\"a\", 'b]'] # g", 1, "groups", "[\"c\"]"))
                .containsExactly("    groups: [\"c\"] # g");
    }

    @Test
    void blockScalarsAndSequencesAreReplacedWhole() {
        assertThat(replace("    content: |\n      line1\n\n      line2\n\n  - package: x", 1, "content", "\"n\\n\""))
                .containsExactly("    content: \"n\\n\"", "", "  - package: x");
        assertThat(replace("    groups:\n    - a\n    - b\n    shell: /bin/sh", 1, "groups", "[\"c\"]"))
                .containsExactly("    groups: [\"c\"]", "    shell: /bin/sh");
    }

    @Test
    void refusesWhatItCannotReadSafely() {
        assertThat(YamlLines.replaceValue(List.of("    mode: \"0644"), 1, "mode", "\"1\""))
                .isEmpty();
        assertThat(YamlLines.replaceValue(List.of("    owner: root"), 1, "mode", "\"1\""))
                .isEmpty();
        assertThat(YamlLines.replaceValue(List.of("  - {package: x, ensure: absent}"), 1, "ensure", "\"1\""))
                .isEmpty();
        assertThat(YamlLines.insertAfter(List.of("  - {package: x}"), 1, 5, "ensure", "\"1\""))
                .isEmpty();
    }

    @Test
    void quotedValuesReadBackExactly() {
        for (String hostile :
                List.of("a\"b\\c", "x: y # z", "- [evil]", "tab\there\nnew", "\u0007bell\u202Eend", "é😀")) {
            String yaml = "k: " + YamlLines.quote(hostile) + "\n";
            Problems p = new Problems();
            var node = StrictYaml.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), p)
                    .orElseThrow();
            var map = io.driftwarden.yaml.MapReader.of(node, "", p).orElseThrow();
            assertThat(map.optString("k")).as(yaml).contains(hostile);
            assertThat(p.lines()).isEmpty();
        }
    }
}
