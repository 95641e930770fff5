package io.driftwarden.actors;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure: the events in the texts a host returned. sudo's own logfile (wrapped lines joined), syslog files and
 * the journal (sudo commands, sshd logins; RFC 3339 or classic timestamps), dpkg.log, apt's history.log
 * (Requested-By) and wtmp as {@code last} prints it. Lines it does not understand are skipped.
 */
public final class LogEvents {
    public enum Kind {
        SUDO,
        APT,
        DPKG,
        LOGIN
    }

    /** {@code user} is null when the source does not name one. */
    public record Event(Kind kind, String user, Instant at, String detail, String source) {}

    private static final String CLASSIC = "([A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d)";
    private static final Pattern SUDO_FILE = Pattern.compile("^" + CLASSIC + "(?: (\\d{4}))? : ([^ ]+) : (.*)$");
    private static final Pattern SYSLOG =
            Pattern.compile("^(?:(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d))|"
                    + CLASSIC + ") \\S+ ([A-Za-z0-9_.-]+)(?:\\[\\d+\\])?: (.*)$");
    private static final Pattern SUDO_MESSAGE = Pattern.compile("^\\s*([^ ]+) : (.*)$");
    private static final Pattern ACCEPTED = Pattern.compile("^Accepted (\\S+) for (\\S+) from (\\S+) port \\d+.*$");
    private static final Pattern DPKG =
            Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) (install|upgrade|remove|purge) (.*)$");
    private static final Pattern WTMP = Pattern.compile(
            "^(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:?\\d\\d).*$");
    private static final DateTimeFormatter CLASSIC_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy", Locale.ROOT);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private LogEvents() {}

    /** @param end the end of the window: classic timestamps carry no year, so the year is the one before {@code end} */
    public static List<Event> of(ActorScript.HostLogs logs, Instant end) {
        List<Event> out = new ArrayList<>();
        for (ActorScript.Blob b : logs.blobs()) {
            String src = b.source();
            if (src.endsWith("/history.log")) {
                history(b.text(), logs.offset(), src, out);
            } else if (src.endsWith("/dpkg.log")) {
                b.text().lines().forEach(l -> dpkg(l, logs.offset(), src, out));
            } else if (src.equals("wtmp")) {
                b.text().lines().forEach(l -> wtmp(l, src, out));
            } else if (src.contains("sudo")) {
                joinWrapped(b.text()).forEach(l -> sudoFile(l, logs.offset(), end, src, out));
            } else {
                b.text().lines().forEach(l -> syslog(l, logs.offset(), end, src, out));
            }
        }
        return out;
    }

    /** sudo wraps its logfile at 80 columns by default; a continuation starts with white space. */
    static List<String> joinWrapped(String text) {
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!lines.isEmpty() && !l.isEmpty() && Character.isWhitespace(l.charAt(0))) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + l.strip());
            } else {
                lines.add(l);
            }
        }
        return lines;
    }

    private static void sudoFile(String line, ZoneOffset offset, Instant end, String src, List<Event> out) {
        Matcher m = SUDO_FILE.matcher(line);
        if (m.matches()) {
            Instant at = classic(m.group(1), m.group(2), offset, end);
            sudo(m.group(3), m.group(4), at, src, out);
        }
    }

    private static void sudo(String user, String message, Instant at, String src, List<Event> out) {
        int c = message.indexOf("COMMAND=");
        if (at != null && c >= 0) {
            out.add(new Event(Kind.SUDO, user, at, message.substring(c), src));
        }
    }

    private static void syslog(String line, ZoneOffset offset, Instant end, String src, List<Event> out) {
        Matcher m = SYSLOG.matcher(line);
        if (!m.matches()) {
            return;
        }
        Instant at = m.group(1) != null ? iso(m.group(1)) : classic(m.group(2), null, offset, end);
        String program = m.group(3);
        String message = m.group(4);
        if (program.equals("sudo")) {
            Matcher s = SUDO_MESSAGE.matcher(message);
            if (s.matches()) {
                sudo(s.group(1), s.group(2), at, src, out);
            }
        } else if (program.equals("sshd")) {
            Matcher a = ACCEPTED.matcher(message);
            if (a.matches() && at != null) {
                out.add(new Event(
                        Kind.LOGIN, a.group(2), at, "ssh login (" + a.group(1) + ") from " + a.group(3), src));
            }
        }
    }

    private static void dpkg(String line, ZoneOffset offset, String src, List<Event> out) {
        Matcher m = DPKG.matcher(line);
        if (m.matches()) {
            Instant at = local(m.group(1), offset);
            if (at != null) {
                out.add(new Event(Kind.DPKG, null, at, m.group(2) + " " + m.group(3), src));
            }
        }
    }

    private static void history(String text, ZoneOffset offset, String src, List<Event> out) {
        for (String block : text.split("\n\\s*\n")) {
            Instant at = null;
            String user = null;
            StringBuilder detail = new StringBuilder();
            for (String l : block.split("\n")) {
                int colon = l.indexOf(": ");
                if (colon < 0) {
                    continue;
                }
                String key = l.substring(0, colon);
                String value = l.substring(colon + 2).strip();
                switch (key) {
                    case "Start-Date" -> at = local(value.replaceAll("\\s+", " "), offset);
                    case "Requested-By" -> user = value.replaceAll(" \\(\\d+\\)$", "");
                    case "Commandline", "Install", "Remove", "Purge", "Upgrade", "Downgrade", "Reinstall" ->
                        detail.append(detail.isEmpty() ? "" : "; ")
                                .append(key)
                                .append(": ")
                                .append(value);
                    default -> {}
                }
            }
            if (at != null && !detail.isEmpty()) {
                out.add(new Event(Kind.APT, user, at, detail.toString(), src));
            }
        }
    }

    private static void wtmp(String line, String src, List<Event> out) {
        Matcher m = WTMP.matcher(line);
        if (m.matches() && !m.group(1).equals("reboot") && !m.group(1).equals("wtmp")) {
            Instant at = iso(m.group(4));
            if (at != null) {
                out.add(new Event(Kind.LOGIN, m.group(1), at, "login on " + m.group(2) + " from " + m.group(3), src));
            }
        }
    }

    private static Instant iso(String s) {
        String t = s.matches(".*[+-]\\d{4}$") ? s.substring(0, s.length() - 2) + ":" + s.substring(s.length() - 2) : s;
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant local(String s, ZoneOffset offset) {
        try {
            return LocalDateTime.parse(s, LOCAL).toInstant(offset);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A syslog timestamp without a year: the latest year that does not put it after the window's end (plus a day of clock skew). */
    private static Instant classic(String s, String year, ZoneOffset offset, Instant end) {
        int y = year != null ? Integer.parseInt(year) : end.atOffset(offset).getYear();
        try {
            Instant at = LocalDateTime.parse(s + " " + y, CLASSIC_TIME).toInstant(offset);
            if (year == null && at.isAfter(end.plusSeconds(86_400))) {
                at = LocalDateTime.parse(s + " " + (y - 1), CLASSIC_TIME).toInstant(offset);
            }
            return at;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
