package io.driftwarden.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StrictYamlTest {
    static Problems parse(String text) {
        Problems p = new Problems();
        StrictYaml.parse("f.yaml", text.getBytes(StandardCharsets.UTF_8), p);
        return p;
    }

    @Test
    void reportsEveryProblemWithItsPosition() {
        Problems p = parse("a: 1\nb:\t2\nc:\t3\n");
        assertThat(p.lines()).containsExactly("f.yaml:2:3: tab character (YAML indentation and values must use spaces)",
                "f.yaml:3:3: tab character (YAML indentation and values must use spaces)");
    }

    @Test
    void refusesAliasesMergeKeysDuplicatesTagsAndSeveralDocuments() {
        assertThat(parse("a: &x 1\nb: *x\n").lines()).anyMatch(l -> l.contains("anchors and aliases are not allowed"));
        assertThat(parse("base: {a: 1}\nother:\n  <<: {a: 2}\n").lines()).anyMatch(l -> l.contains("merge keys"));
        assertThat(parse("a: 1\na: 2\n").lines()).containsExactly("f.yaml:2:1: a: duplicate key (first at f.yaml:1:1)");
        assertThat(parse("a: !!str 1\n").lines()).anyMatch(l -> l.startsWith("f.yaml:1:4: explicit tags"));
        assertThat(parse("a: 1\n---\nb: 2\n").lines()).hasSize(1);
        assertThat(parse("").lines()).containsExactly("f.yaml:1:1: empty document");
        assertThat(parse("{a: [1, 2").lines()).allMatch(l -> l.startsWith("f.yaml:"));
    }

    @Test
    void refusesInvalidUtf8() {
        Problems p = new Problems();
        StrictYaml.parse("f.yaml", new byte[] {'a', ':', ' ', (byte) 0xff}, p);
        assertThat(p.lines()).containsExactly("f.yaml:1:1: not valid UTF-8");
    }

    @Test
    void plainScalarsThatAreNotStringsMustBeQuoted() {
        Problems p = new Problems();
        YNode.Map m = (YNode.Map) StrictYaml.parse("f.yaml", "a: yes\nb: 1.10\nc: 0644\nd: \"yes\"\ne: true\nf: 12\n"
                .getBytes(StandardCharsets.UTF_8), p).orElseThrow();
        MapReader r = new MapReader(m, "", p);
        assertThat(r.optString("a")).isEmpty();
        assertThat(r.optString("b")).isEmpty();
        assertThat(r.optString("c")).isEmpty();
        assertThat(r.optString("d")).isEqualTo(Optional.of("yes"));
        assertThat(r.optBool("e")).isEqualTo(Optional.of(true));
        assertThat(r.optLong("f")).isEqualTo(Optional.of(12L));
        r.finish();
        assertThat(p.lines()).containsExactly(
                "f.yaml:1:4: a: 'yes' is a boolean to some YAML readers; quote it",
                "f.yaml:2:4: b: expected a string, got the number 1.10 (a float would lose digits); quote it",
                "f.yaml:3:4: c: '0644' is an integer with a leading zero (octal to some readers); quote it");
    }
}
