package io.driftwarden.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's HTML report, rendered by headless Chromium: self-contained, unapproved changes at the top. */
class HtmlReportBrowserTest {
    static final List<String> CHROMIUM = List.of(
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars");

    @TempDir
    Path dir;

    String chromium(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(CHROMIUM);
        cmd.add("--user-data-dir=" + dir.resolve("profile"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectError(dir.resolve("chromium.err").toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor())
                .as(Files.exists(dir.resolve("chromium.err")) ? Files.readString(dir.resolve("chromium.err")) : "")
                .isZero();
        return out;
    }

    @Test
    void theDemoReportRendersSelfContainedWithUnapprovedChangesFirst() throws Exception {
        assertThat(new ProcessBuilder("sh", "test-fixtures/demo/build.sh")
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        Path html = dir.resolve("report.html");
        CliRun run = CliRun.of(
                "audit",
                "--config",
                "test-fixtures/demo/driftwarden.yaml",
                "--format",
                "html",
                "--output",
                html.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        String text = Files.readString(html);
        assertThat(text)
                .doesNotContain("<script")
                .doesNotContain("<link")
                .doesNotContain("src=")
                .doesNotContain("@import")
                .doesNotContain("url(");
        String dom = chromium("--dump-dom", html.toUri().toString());
        int changes = dom.indexOf("<h2>Changes since the last report</h2>");
        int unapproved = dom.indexOf("<h2>Unapproved drift (9)</h2>");
        int approved = dom.indexOf("<h2>Approved drift (1)</h2>");
        assertThat(changes).isPositive().isLessThan(unapproved);
        assertThat(unapproved).isLessThan(approved);
        assertThat(dom.substring(changes, unapproved)).contains("unapproved");
        assertThat(dom).contains("PermitRootLogin yes").contains("CHG-2041").contains("alice@example.com");
        Path png = dir.resolve("report.png");
        chromium("--window-size=1000,2300", "--screenshot=" + png, html.toUri().toString());
        assertThat(Files.size(png)).isGreaterThan(50_000);
        // kept for people: docs/demo-report.png in the README is this file, copied
        Files.copy(png, Path.of("target/demo-report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void hostileHostStringsAreData() {
        assertThat(HtmlReport.esc("<img src=x onerror=alert(1)> \u202Eevil"))
                .isEqualTo("&lt;img src=x onerror=alert(1)&gt; \\xe2\\x80\\xaeevil");
        assertThat(HtmlReport.escLines("a<b\n-c&d\n\u0007")).isEqualTo("a&lt;b\n-c&amp;d\n\\x07");
    }
}
