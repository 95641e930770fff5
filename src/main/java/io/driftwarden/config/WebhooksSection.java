package io.driftwarden.config;

import io.driftwarden.yaml.MapReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code webhooks}: outbound endpoints that get each follow-up event. Over https only (http only to a loopback
 * receiver, where nothing crosses a network); a URL may be a credential (Slack's is), so errors show no more of it
 * than {@code scheme://host}, and {@code url_file} keeps it out of the config altogether.
 */
public final class WebhooksSection {
    static final int MAX_ENDPOINTS = 8;
    /** Every event a webhook can carry; {@code all} subscribes to each. */
    static final List<String> EVENTS = List.of(
            "unapproved_opened",
            "value_changed",
            "flapped",
            "escalated",
            "resolved",
            "record_expiring",
            "record_effective",
            "record_changed",
            "record_refused",
            "record_withdrawn",
            "record_removed");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private WebhooksSection() {}

    static List<Config.Webhook> read(MapReader r, Path base) {
        List<MapReader> list = r.mapList("webhooks", "{name, url, format, secrets, ...}");
        if (list.size() > MAX_ENDPOINTS) {
            r.problems().add(r.keyMark("webhooks"), "webhooks", "at most " + MAX_ENDPOINTS + " endpoints");
        }
        List<Config.Webhook> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (MapReader w : list) {
            String name = w.requireString("name").orElse("?");
            if (!NAME.matcher(name).matches()) {
                w.problems()
                        .add(
                                w.keyMark("name"),
                                w.childPath("name"),
                                "must be lowercase letters, digits and '-', at most 32, got '" + name + "'");
            } else if (!names.add(name)) {
                w.problems().add(w.keyMark("name"), w.childPath("name"), "'" + name + "' is named twice");
            }
            String url = w.optNullableString("url").orElse(null);
            Path urlFile = w.optNullableString("url_file")
                    .map(base::resolve)
                    .map(Path::normalize)
                    .orElse(null);
            if ((url == null) == (urlFile == null)) {
                w.problems().add(w.mark(), w.path(), "give exactly one of url and url_file");
            }
            if (url != null) {
                urlProblem(url).ifPresent(p -> w.problems().add(w.keyMark("url"), w.childPath("url"), p));
            }
            String format = w.optString("format").orElse("json");
            if (!format.equals("json") && !format.equals("slack")) {
                w.problems()
                        .add(w.keyMark("format"), w.childPath("format"), "must be json or slack, got '" + format + "'");
            }
            boolean minimal = w.optBool("minimal").orElse(format.equals("slack"));
            List<Config.Secret> secrets = secrets(w, base);
            if (secrets.isEmpty() && format.equals("json")) {
                w.problems()
                        .add(
                                w.mark(),
                                w.childPath("secrets"),
                                "required for format json: [{id, file}] (the receiver checks each delivery's signature)");
            }
            List<String> events = w.optStringList("events").orElse(List.of("all"));
            for (String e : events) {
                if (!e.equals("all") && !EVENTS.contains(e)) {
                    w.problems()
                            .add(
                                    w.keyMark("events"),
                                    w.childPath("events"),
                                    "unknown event '" + e + "' (all, " + String.join(", ", EVENTS) + ")");
                }
            }
            Path ca = w.optNullableString("ca_file")
                    .map(base::resolve)
                    .map(Path::normalize)
                    .orElse(null);
            Duration connect = ConfigLoader.duration(w, "connect_timeout", Duration.ofSeconds(5));
            Duration timeout = ConfigLoader.duration(w, "timeout", Duration.ofSeconds(10));
            if (timeout.compareTo(connect) < 0) {
                w.problems().add(w.keyMark("timeout"), w.childPath("timeout"), "must be at least connect_timeout");
            }
            long attempts = w.optLong("max_attempts").orElse(5L);
            if (attempts < 1 || attempts > 100) {
                w.problems()
                        .add(
                                w.keyMark("max_attempts"),
                                w.childPath("max_attempts"),
                                "must be between 1 and 100, got " + attempts);
            }
            Duration retry = ConfigLoader.duration(w, "retry_after", Duration.ofSeconds(30));
            w.finish();
            out.add(new Config.Webhook(
                    name, url, urlFile, format, minimal, secrets, events, ca, connect, timeout, (int) attempts, retry));
        }
        return out;
    }

    private static List<Config.Secret> secrets(MapReader w, Path base) {
        List<MapReader> list = w.mapList("secrets", "{id, file}");
        if (list.size() > 2) {
            w.problems()
                    .add(
                            w.keyMark("secrets"),
                            w.childPath("secrets"),
                            "at most 2: the current one and the next, for" + " rotation");
        }
        List<Config.Secret> out = new ArrayList<>();
        for (MapReader s : list) {
            String id = s.requireString("id").orElse("?");
            if (!KID.matcher(id).matches()) {
                s.problems().add(s.keyMark("id"), s.childPath("id"), "must be 1 to 32 of [A-Za-z0-9._-]");
            } else if (out.stream().anyMatch(x -> x.id().equals(id))) {
                s.problems().add(s.keyMark("id"), s.childPath("id"), "'" + id + "' is given twice");
            }
            Path file = s.requireString("file")
                    .map(base::resolve)
                    .map(Path::normalize)
                    .orElse(null);
            s.finish();
            out.add(new Config.Secret(id, file));
        }
        return out;
    }

    /** Why a webhook URL is refused (naming no more of it than scheme://host), or empty. */
    public static Optional<String> urlProblem(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("not a URL");
        }
        String shown = u.getScheme() + "://" + u.getHost();
        if (u.getScheme() == null || u.getHost() == null) {
            return Optional.of("not an absolute http(s) URL with a host");
        }
        if (u.getRawUserInfo() != null || u.getRawFragment() != null) {
            return Optional.of(shown + ": no user:password@ or #fragment (a secret goes in secrets or url_file)");
        }
        if (u.getScheme().equalsIgnoreCase("https")) {
            return Optional.empty();
        }
        if (u.getScheme().equalsIgnoreCase("http") && LoopbackHost.is(u.getHost())) {
            return Optional.empty();
        }
        return Optional.of(shown + ": https only (http only to a loopback receiver: localhost, 127.0.0.0/8, ::1)");
    }
}
