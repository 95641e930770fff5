package io.driftwarden.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Ansible's host ranges: a table of what Ansible itself expands, and properties over random ranges. */
class HostPatternTest {

    @Example
    void expandsAsAnsibleDoes() {
        Map<String, List<String>> table = new java.util.LinkedHashMap<>();
        table.put("web[01:03]", List.of("web01", "web02", "web03"));
        table.put("db-[a:c]", List.of("db-a", "db-b", "db-c"));
        table.put("n[1:10:2]", List.of("n1", "n3", "n5", "n7", "n9"));
        table.put("n[8:11]", List.of("n8", "n9", "n10", "n11")); // no leading zero: no padding
        table.put("n[008:011]", List.of("n008", "n009", "n010", "n011"));
        table.put(
                "r[1:2]-[a:b].example.com",
                List.of(
                        "r1-a.example.com",
                        "r1-b.example.com",
                        "r2-a.example.com",
                        "r2-b.example.com")); // several ranges multiply, the first varying slowest
        table.put("[a:e:2]x", List.of("ax", "cx", "ex"));
        table.put("x[y:B]", List.of("xy", "xz", "xA", "xB")); // Python's ascii_letters order
        table.put("n[7:7]", List.of("n7"));
        table.put("plain-host", List.of("plain-host"));
        table.forEach((pattern, names) ->
                assertThat(HostPattern.parse(pattern).expand()).as(pattern).isEqualTo(names));
    }

    @Example
    void refusesWhatAnsibleWouldMisreadOrDrop() {
        Map<String, String> table = new java.util.LinkedHashMap<>();
        table.put("web[3:1]", "[3:1] starts after it ends");
        table.put("web[c:a]", "[c:a] starts after it ends");
        table.put("web[a:3]", "[a:3] mixes a letter and a number");
        table.put("web[01:100]", "[01:100]: a zero-padded start needs an end of the same width");
        table.put("web[1:3", "a '[' without its ']'");
        table.put("web1:3]", "a ']' without its '['");
        table.put("web]1:3[", "a ']' without its '['");
        table.put("web[a[1:2]]", "ranges do not nest");
        table.put("web[]", "[] is not a range");
        table.put("web[1-3]", "[1-3] is not a range");
        table.put("web[aa:zz]", "[aa:zz] is not a range");
        table.put("web[:3]", "[:3] is not a range");
        table.put("web[1:3:0]", "the step must be at least 1");
        table.put("web[1:3:-1]", "is not a range");
        table.put("web[0:10000]", "[0:10000] expands to more than 10000 hosts");
        table.put("web[1:100]-[1:101]", "expands to more than 10000 hosts");
        table.put("web[1:1234567890123456789]", "1234567890123456789 is too large");
        table.forEach((pattern, problem) -> assertThatThrownBy(() -> HostPattern.parse(pattern))
                .as(pattern)
                .isInstanceOf(HostPattern.Malformed.class)
                .hasMessageContaining(problem));
        assertThat(HostPattern.parse("web[1:100]-[1:100]").expand()).hasSize(HostPattern.MAX_HOSTS);
    }

    @Example
    void anAddressExpandsInStepWithTheName() {
        HostPattern name = HostPattern.parse("web[01:03]");
        assertThat(HostPattern.inStep(name, "192.0.2.[11:13]"))
                .containsExactly("192.0.2.11", "192.0.2.12", "192.0.2.13");
        assertThat(HostPattern.inStep(name, "web[01:03].internal"))
                .containsExactly("web01.internal", "web02.internal", "web03.internal");
        assertThatThrownBy(() -> HostPattern.inStep(name, "192.0.2.11"))
                .isInstanceOf(HostPattern.Malformed.class)
                .hasMessageStartingWith("192.0.2.11 would be the address of all 3 hosts");
        assertThatThrownBy(() -> HostPattern.inStep(name, "192.0.2.[11:14]"))
                .isInstanceOf(HostPattern.Malformed.class)
                .hasMessageContaining("its ranges have [4] values, the name's [3]");
        assertThatThrownBy(() -> HostPattern.inStep(name, "192.0.2.[1:3].[1:1]"))
                .hasMessageContaining("[3, 1]");
        assertThat(HostPattern.inStep(HostPattern.parse("web[1:1]"), "192.0.2.11"))
                .containsExactly("192.0.2.11");
    }

    @Property(tries = 500)
    void aNumericRangeYieldsEveryStepFromStartToEnd(
            @ForAll @IntRange(min = 0, max = 5000) int start,
            @ForAll @IntRange(min = 0, max = 3000) int span,
            @ForAll @IntRange(min = 1, max = 50) int step,
            @ForAll boolean padded) {
        int end = start + span;
        String written = padded
                ? String.format("%0" + (Integer.toString(end).length() + 1) + "d", start)
                : Integer.toString(start);
        String endWritten = padded ? "0" + end : Integer.toString(end);
        List<String> names = HostPattern.parse("h[" + written + ":" + endWritten + ":" + step + "].x")
                .expand();
        List<Integer> expected = new ArrayList<>();
        for (int v = start; v <= end; v += step) {
            expected.add(v);
        }
        assertThat(names).hasSize(expected.size()).doesNotHaveDuplicates();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            assertThat(n).startsWith("h").endsWith(".x");
            String digits = n.substring(1, n.length() - 2);
            assertThat(Integer.parseInt(digits)).isEqualTo(expected.get(i));
            if (padded) {
                assertThat(digits).hasSameSizeAs(endWritten);
            } else {
                assertThat(digits).doesNotStartWith(expected.get(i) == 0 ? "00" : "0");
            }
        }
    }

    @Property(tries = 300)
    void rangesMultiplyInOrder(
            @ForAll @IntRange(min = 1, max = 12) int a,
            @ForAll @IntRange(min = 1, max = 26) int b,
            @ForAll @IntRange(min = 1, max = 30) int c,
            @ForAll @StringLength(max = 4) @Chars({'x', '-', '.'}) String sep) {
        String letters = "abcdefghijklmnopqrstuvwxyz";
        HostPattern p = HostPattern.parse("n[01:" + String.format("%02d", a) + "]" + sep + "[a:" + letters.charAt(b - 1)
                + "]" + sep + "[001:" + String.format("%03d", c) + "]");
        List<String> names = p.expand();
        assertThat(p.shape()).containsExactly(a, b, c);
        assertThat(names).hasSize(a * b * c);
        assertThat(new HashSet<>(names)).hasSize(a * b * c);
        assertThat(names).isSorted(); // fixed widths: the first range varies slowest, so the order is lexicographic
        assertThat(names.get(0)).isEqualTo("n01" + sep + "a" + sep + "001");
        assertThat(names.get(names.size() - 1))
                .isEqualTo(
                        "n" + String.format("%02d", a) + sep + letters.charAt(b - 1) + sep + String.format("%03d", c));
        assertThat(HostPattern.inStep(p, "10.[1:" + a + "].[1:" + b + "].[1:" + c + "]"))
                .hasSize(names.size())
                .first()
                .isEqualTo("10.1.1.1");
    }

    @Property(tries = 300)
    void noRangeNoChange(
            @ForAll @StringLength(min = 1, max = 30) @Chars({'a', 'z', '0', '9', '.', '-', '_', ':'}) String name) {
        assertThat(HostPattern.hasRange(name)).isFalse();
        assertThat(HostPattern.parse(name).expand()).containsExactly(name);
    }
}
