package io.driftwarden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link a reader can follow resolves: in the repository's top-level Markdown and in docs/, alerts/ and
 * deploy/, each {@code [text](path)}, {@code [text](path#anchor)}, {@code [text](#anchor)}, reference definition and
 * {@code <img src>} / {@code <a href>} names an existing file, and its anchor a heading of the target file under
 * GitHub's slug rules. Web and mail links are not followed. Runs from Maven's basedir, the repository root.
 */
class DocLinksTest {
    private static final List<String> DIRS = List.of("docs", "alerts", "deploy");

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        Path root = Path.of("").toAbsolutePath();
        List<Path> files = markdownFiles(root);
        assertThat(files)
                .extracting(f -> root.relativize(f).toString().replace('\\', '/'))
                .contains("README.md", "docs/install.md", "docs/architecture.md", "alerts/README.md");
        Checker checker = new Checker(root);
        files.forEach(checker::check);
        assertThat(checker.checked)
                .as("links found (a broken extractor would find none)")
                .isGreaterThan(50);
        assertThat(checker.broken)
                .withFailMessage("broken links (file:line: target):%n%s", String.join("\n", checker.broken))
                .isEmpty();
    }

    @Test
    void aMissingFileOrHeadingIsReportedWithItsLine(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/page.md"), """
                # A page

                ## Configuration (`driftwarden.yaml`)

                ## Putting it back: `revert`

                ## Twice

                ## Twice

                ```
                # not a heading
                [not a link](nowhere.md)
                ```
                """);
        Files.writeString(dir.resolve("README.md"), """
                # Top

                [ok](docs/page.md) and [ok](docs/page.md#configuration-driftwardenyaml),
                [ok](docs/page.md#putting-it-back-revert) [ok](docs/page.md#twice-1) [ok](#top)
                [web](https://example.com/x.md) [mail](mailto:a@example.com) `[code](nowhere.md)`
                [gone](docs/missing.md) and [no heading](docs/page.md#not-a-heading)
                [no such](#nowhere) [code block heading](docs/page.md#not-a-heading-either)
                [wrapped
                text](docs/also-missing.md) <img src="docs/missing.png">

                [ref]: docs/nope.md
                """);
        Checker checker = new Checker(dir);
        markdownFiles(dir).forEach(checker::check);
        assertThat(checker.broken)
                .containsExactly(
                        "README.md:6: docs/missing.md",
                        "README.md:6: docs/page.md#not-a-heading",
                        "README.md:7: #nowhere",
                        "README.md:7: docs/page.md#not-a-heading-either",
                        "README.md:9: docs/also-missing.md",
                        "README.md:9: docs/missing.png",
                        "README.md:11: docs/nope.md");
    }

    @Test
    void headingsBecomeGitHubSlugs() {
        assertThat(slug("Configuration (`driftwarden.yaml`)")).isEqualTo("configuration-driftwardenyaml");
        assertThat(slug("Under faults: what holds")).isEqualTo("under-faults-what-holds");
        assertThat(slug("History, noise and mail")).isEqualTo("history-noise-and-mail");
        assertThat(slug("A **bold** [link](x.md) and snake_case")).isEqualTo("a-bold-link-and-snake_case");
        assertThat(slug("DriftwardenUnapprovedDriftAppeared")).isEqualTo("driftwardenunapproveddriftappeared");
    }

    /** The root's own *.md and every *.md under docs/, alerts/ and deploy/, never under target/ or .git. */
    static List<Path> markdownFiles(Path root) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> top = Files.list(root)) {
            top.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".md"))
                    .forEach(out::add);
            for (String d : DIRS) {
                if (!Files.isDirectory(root.resolve(d))) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(root.resolve(d))) {
                    walk.filter(p -> Files.isRegularFile(p)
                                    && p.getFileName().toString().endsWith(".md"))
                            .filter(p -> root.relativize(p)
                                    .toString()
                                    .replace('\\', '/')
                                    .matches("(?!.*(^|/)(target|\\.git)/).*"))
                            .forEach(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern CODE_SPAN =
            Pattern.compile("(?<!`)(`+)((?:(?!\\n[ \\t]*\\n)[\\s\\S])*?)(?<!`)\\1(?!`)");
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s|$)");
    private static final Pattern HTML_LINK =
            Pattern.compile("<(?:img|a)\\b[^>]*?\\b(?:src|href)\\s*=\\s*[\"']([^\"']+)[\"']", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern HTML_ANCHOR =
            Pattern.compile("<[a-z]+\\b[^>]*?\\b(?:id|name)\\s*=\\s*[\"']([^\"']+)[\"']", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEME = Pattern.compile("^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)");

    /** The file with the lines of fenced code blocks emptied, line breaks kept. */
    static String withoutFences(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder b = new StringBuilder();
        String fence = null;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = FENCE.matcher(lines[i]);
            if (fence == null && m.find()) {
                fence = m.group(1);
            } else if (fence != null
                    && m.find()
                    && m.group(1).charAt(0) == fence.charAt(0)
                    && m.group(1).length() >= fence.length()
                    && lines[i].strip().equals(m.group(1))) {
                fence = null;
            } else if (fence == null) {
                b.append(lines[i]);
            }
            if (i < lines.length - 1) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** What links are read from: no fenced code blocks, and inline code spans turned to spaces (line breaks kept). */
    static String prose(String text) {
        Matcher m = CODE_SPAN.matcher(withoutFences(text));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group().replaceAll("[^\\n]", " ")));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** GitHub's heading anchor: lowercase, punctuation other than hyphens and underscores dropped, spaces to hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "");
        return text.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    /** The anchors a Markdown file offers: its headings' slugs (a repeated one gets -1, -2...) and HTML ids. */
    static Set<String> anchors(String text) {
        Set<String> out = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : withoutFences(text).split("\n", -1)) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String base = slug(h.group(1) == null ? "" : h.group(1));
                int n = seen.merge(base, 1, Integer::sum) - 1;
                out.add(n == 0 ? base : base + "-" + n);
            }
        }
        Matcher a = HTML_ANCHOR.matcher(prose(text));
        while (a.find()) {
            out.add(a.group(1));
        }
        return out;
    }

    private static final class Checker {
        final Path root;
        final List<String> broken = new ArrayList<>();
        final Map<Path, Set<String>> anchorCache = new HashMap<>();
        int checked;

        Checker(Path root) {
            this.root = root;
        }

        void check(Path file) {
            String text = read(file);
            String prose = prose(text);
            List<int[]> targets = new ArrayList<>(); // {start, end} of each link target in prose
            for (Pattern p : List.of(INLINE_LINK, REFERENCE, HTML_LINK)) {
                Matcher m = p.matcher(prose);
                while (m.find()) {
                    targets.add(new int[] {m.start(1), m.end(1)});
                }
            }
            targets.sort((x, y) -> Integer.compare(x[0], y[0]));
            for (int[] t : targets) {
                String target = prose.substring(t[0], t[1]);
                if (SCHEME.matcher(target).find()) {
                    continue;
                }
                checked++;
                if (!resolves(file, target)) {
                    int line = 1
                            + (int) prose.substring(0, t[0])
                                    .chars()
                                    .filter(c -> c == '\n')
                                    .count();
                    broken.add(root.relativize(file).toString().replace('\\', '/') + ":" + line + ": " + target);
                }
            }
        }

        boolean resolves(Path from, String target) {
            int hash = target.indexOf('#');
            String path = decode(hash < 0 ? target : target.substring(0, hash));
            String anchor = hash < 0 ? null : decode(target.substring(hash + 1));
            Path to;
            if (path.isEmpty()) {
                to = from;
            } else if (path.startsWith("/")) {
                to = root.resolve(path.substring(1)).normalize();
            } else {
                to = from.getParent().resolve(path).normalize();
            }
            if (!to.startsWith(root) || !Files.exists(to)) {
                return false;
            }
            if (anchor == null
                    || !Files.isRegularFile(to)
                    || !to.getFileName().toString().endsWith(".md")) {
                return true; // a file's own anchors (#L10 of code) are GitHub's viewer, not the file's headings
            }
            return anchorCache.computeIfAbsent(to, p -> anchors(read(p))).contains(anchor);
        }

        static String decode(String s) {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        static String read(Path p) {
            try {
                return Files.readString(p).replace("\r\n", "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
