package io.driftwarden.config;

import io.driftwarden.schedule.CronCheck;
import io.driftwarden.schedule.CronWindow;
import io.driftwarden.yaml.MapReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code email} section: SMTP over STARTTLS (required) or SMTPS; in clear ({@code none}) only to a relay on
 * a loopback address (a local MTA such as exim4 or postfix), where nothing crosses a network.
 */
final class EmailSection {
    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*(B|KiB|MiB|GiB)?");

    private EmailSection() {}

    static Config.Email read(MapReader m, Path base) {
        String host = null;
        int port = 587;
        String security = "starttls";
        String username = null;
        Path password = null;
        Path ca = null;
        Optional<MapReader> smtp = m.optMap("smtp");
        if (smtp.isEmpty()) {
            m.problems().add(m.mark(), "email.smtp", "required: {host, port, security, username, password_file}");
        } else {
            MapReader s = smtp.get();
            security = s.optString("security").orElse("starttls");
            if (!security.equals("starttls") && !security.equals("smtps") && !security.equals("none")) {
                s.problems()
                        .add(
                                s.keyMark("security"),
                                "email.smtp.security",
                                "must be starttls, smtps or none (none: a loopback relay only), got '" + security
                                        + "'");
            }
            host = s.requireString("host").orElse(null);
            if (security.equals("none") && host != null && !LoopbackHost.is(host)) {
                s.problems()
                        .add(
                                s.keyMark("security"),
                                "email.smtp.security",
                                "none sends mail in clear, allowed only for a relay on a loopback address (localhost, 127.0.0.0/8, ::1),"
                                        + " not '" + host + "': use starttls or smtps");
            }
            port = (int) s.optLong("port")
                    .orElse(security.equals("smtps") ? 465L : security.equals("none") ? 25L : 587L)
                    .longValue();
            if (port < 1 || port > 65535) {
                s.problems().add(s.keyMark("port"), "email.smtp.port", "must be between 1 and 65535, got " + port);
            }
            username = s.optNullableString("username").orElse(null);
            password = s.optNullableString("password_file")
                    .map(base::resolve)
                    .map(Path::normalize)
                    .orElse(null);
            ca = s.optNullableString("ca_file")
                    .map(base::resolve)
                    .map(Path::normalize)
                    .orElse(null);
            if (username != null && password == null) {
                s.problems()
                        .add(
                                s.mark(),
                                "email.smtp.password_file",
                                "required with a username (the password is read from this file)");
            }
            s.finish();
        }
        String from = m.requireString("from").orElse(null);
        List<String> to = m.optStringList("to").orElse(List.of());
        if (to.isEmpty()) {
            m.problems().add(m.mark(), "email.to", "required: at least one recipient");
        }
        String policyText = m.optString("policy").orElse("changes");
        MailPolicyName policy = MailPolicyName.parse(policyText).orElse(MailPolicyName.CHANGES);
        if (MailPolicyName.parse(policyText).isEmpty()) {
            m.problems()
                    .add(
                            m.keyMark("policy"),
                            "email.policy",
                            "must be every-run, changes, unapproved or never, got '" + policyText + "'");
        }
        long maxBytes = m.optString("max_bytes").map(t -> size(m, t)).orElse(2L << 20);
        Duration timeout = ConfigLoader.duration(m, "timeout", Duration.ofSeconds(30));
        Duration retry = ConfigLoader.duration(m, "retry_after", Duration.ofMinutes(1));
        // the whole of one message, connect to QUIT: the per-read timeout alone lets a trickling relay hold the sender
        Duration deadline = ConfigLoader.duration(m, "send_deadline", Duration.ofMinutes(2));
        if (deadline.compareTo(timeout) < 0) {
            m.problems()
                    .add(
                            m.keyMark("send_deadline"),
                            "email.send_deadline",
                            "must be at least email.timeout (" + timeout.toSeconds() + " s), got "
                                    + deadline.toSeconds() + " s");
        }
        List<Config.Route> routes = new java.util.ArrayList<>();
        for (MapReader r : m.mapList("routes", "{standards, groups, to}")) {
            List<String> standards = r.optStringList("standards").orElse(List.of());
            List<String> groups = r.optStringList("groups").orElse(List.of());
            List<String> rto = r.optStringList("to").orElse(List.of());
            if (standards.isEmpty() && groups.isEmpty()) {
                r.problems().add(r.mark(), r.path(), "routes nothing: give standards or groups");
            }
            if (rto.isEmpty()) {
                r.problems().add(r.mark(), r.childPath("to"), "required: at least one recipient");
            }
            r.finish();
            routes.add(new Config.Route(standards, groups, rto));
        }
        Config.Digest digest = m.optMap("digest")
                .map(d -> {
                    List<String> dto = d.optStringList("to").orElse(List.of());
                    if (dto.isEmpty()) {
                        d.problems().add(d.mark(), "email.digest.to", "required: at least one recipient");
                    }
                    String cron = d.optString("cron").orElse("0 0 8 * * ?");
                    String bad = CronCheck.problem(cron);
                    if (bad != null) {
                        d.problems().add(d.keyMark("cron"), "email.digest.cron", bad);
                    }
                    java.time.ZoneId zone = ConfigLoader.zone(d, "time_zone");
                    d.finish();
                    return bad == null
                            ? new Config.Digest(dto, new CronWindow("digest", cron, Duration.ZERO, zone))
                            : null;
                })
                .orElse(null);
        // the standard's reviewers hear of refused bundles, failing approvals sources and every change of what is
        // approved, beside the board (email.to)
        List<String> reviewers = m.optStringList("reviewers").orElse(List.of());
        m.finish();
        return new Config.Email(
                host, port, security, username, password, ca, from, to, policy, maxBytes, timeout, retry, deadline,
                routes, digest, reviewers);
    }

    private static long size(MapReader m, String text) {
        Matcher x = SIZE.matcher(text.strip());
        if (!x.matches()) {
            m.problems()
                    .add(
                            m.keyMark("max_bytes"),
                            "email.max_bytes",
                            "must be a size like 2MiB or 512KiB, got '" + text + "'");
            return 2L << 20;
        }
        long n = Long.parseLong(x.group(1));
        String unit = x.group(2) == null ? "B" : x.group(2).toUpperCase(Locale.ROOT);
        return switch (unit) {
            case "KIB" -> n << 10;
            case "MIB" -> n << 20;
            case "GIB" -> n << 30;
            default -> n;
        };
    }
}
