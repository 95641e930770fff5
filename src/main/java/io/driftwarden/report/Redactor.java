package io.driftwarden.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 8's redactor for evidence lines taken from hosts (sudo commands, log lines): passwords, tokens,
 * secrets, Authorization headers and URL credentials become {@code ****}. Conservative: it masks a value it is
 * unsure about rather than show it.
 */
public final class Redactor {
    private static final String MASK = "****";
    private static final String SECRET =
            "(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)";
    private static final List<Pattern> VALUES = List.of(
            // key=value and key: value for secret-looking keys
            Pattern.compile("(?i)([a-z0-9_.-]*" + SECRET + "[a-z0-9_.-]*)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|\\S+)"),
            // --key value for secret-looking options (the command `passwd alice` keeps its user name)
            Pattern.compile("(?i)(\\s--?[a-z0-9_.-]*" + SECRET + "[a-z0-9_.-]*)(\\s+)(\"[^\"]*\"|'[^']*'|\\S+)"),
            // HTTP authorization headers, any scheme
            Pattern.compile(
                    "(?i)(authorization|proxy-authorization)(\\s*[:=]\\s*)((?:basic|bearer|digest|token)\\s+\\S+|\\S+)"),
            // a bare bearer token
            Pattern.compile("(?i)(bearer)(\\s+)([A-Za-z0-9._~+/=-]{8,})"));
    private static final Pattern URL_CREDENTIALS =
            Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/\\s:@]+:)([^@\\s/]+)(@)");
    private static final Pattern MYSQL_PASSWORD = Pattern.compile("(\\s-p)(\\S+)");

    private Redactor() {}

    public static String redact(String line) {
        if (line == null) {
            return null;
        }
        String s =
                URL_CREDENTIALS.matcher(line).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
        for (Pattern p : VALUES) {
            s = p.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
        }
        return MYSQL_PASSWORD.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }
}
