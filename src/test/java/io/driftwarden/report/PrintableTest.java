package io.driftwarden.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void controlAndBidiCharactersAreShownAsTheirBytes() {
        assertThat(Printable.of("a\nb\tc\u001b[31m")).isEqualTo("a\\x0ab\\x09c\\x1b[31m");
        assertThat(Printable.of("evil\u202Efdp.exe")).isEqualTo("evil\\xe2\\x80\\xaefdp.exe");
        assertThat(Printable.of("caf\u00e9 ok")).isEqualTo("caf\u00e9 ok");
    }

    @Test
    void htmlEscapesMarkupAfterwards() {
        assertThat(HtmlReport.esc("<script>\"x\"&'y'\u202E"))
                .isEqualTo("&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;\\xe2\\x80\\xae");
    }
}
