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
        assertThat(p.lines())
                .containsExactly(
                        "f.yaml:2:3: tab character (YAML indentation and values must use spaces)",
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
        YNode.Map m = (YNode.Map) StrictYaml.parse(
                        "f.yaml",
                        "a: yes\nb: 1.10\nc: 0644\nd: \"yes\"\ne: true\nf: 12\n".getBytes(StandardCharsets.UTF_8),
                        p)
                .orElseThrow();
        MapReader r = new MapReader(m, "", p);
        assertThat(r.optString("a")).isEmpty();
        assertThat(r.optString("b")).isEmpty();
        assertThat(r.optString("c")).isEmpty();
        assertThat(r.optString("d")).isEqualTo(Optional.of("yes"));
        assertThat(r.optBool("e")).isEqualTo(Optional.of(true));
        assertThat(r.optLong("f")).isEqualTo(Optional.of(12L));
        r.finish();
        assertThat(p.lines())
                .containsExactly(
                        "f.yaml:1:4: a: 'yes' is a boolean to some YAML readers; quote it",
                        "f.yaml:2:4: b: expected a string, got the number 1.10 (a float would lose digits); quote it",
                        "f.yaml:3:4: c: '0644' is an integer with a leading zero (octal to some readers); quote it");
    }

    @Test
    void aTabOrADuplicateKeyDoesNotHideTheFilesOtherProblems() {
        Problems p = new Problems();
        Optional<YNode> root = StrictYaml.parse(
                "f.yaml", "a: 1\nb:\t2\na: 3\nc: &x 4\nd: !!str 5\n".getBytes(StandardCharsets.UTF_8), p);
        assertThat(p.lines())
                .containsExactly(
                        "f.yaml:2:3: tab character (YAML indentation and values must use spaces)",
                        "f.yaml:5:4: explicit tags are not allowed (tag:yaml.org,2002:str); quote the value instead",
                        "f.yaml:3:1: a: duplicate key (first at f.yaml:1:1)",
                        "f.yaml:4:4: c: anchors and aliases are not allowed (&x)");
        // the tree is still built (first value of a duplicate kept), so the caller reports its own problems too
        MapReader r = new MapReader((YNode.Map) root.orElseThrow(), "", p);
        assertThat(r.optLong("a")).contains(1L);
        assertThat(r.optLong("b")).contains(2L);
        assertThat(r.optString("d"))
                .as("a tagged scalar is not also reported as the wrong type")
                .contains("5");
        r.finish();
        assertThat(p.lines()).hasSize(5).last().isEqualTo("f.yaml:4:1: c: unknown key");
    }
}
