package io.driftwarden.actors;

import io.driftwarden.actors.LogEvents.Event;
import io.driftwarden.actors.LogEvents.Kind;
import io.driftwarden.audit.Actor;
import io.driftwarden.report.Redactor;
import io.driftwarden.standard.ResourceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure: who probably made one drift, ranked, from the events a host's logs hold in the drift's window (a
 * heuristic, and labelled so wherever it is shown). A sudo command naming the very path or package ranks first,
 * then apt's Requested-By for the package, then dpkg's record of it, then any other sudo command, then logins.
 * driftwarden's own sessions are left out: the audit account, and whoever ran the revert apply script
 * ({@code sudo /bin/sh -s}) or the pinned probe. Every detail passes the redactor.
 */
public final class PossibleActors {
    public static final int MAX = 5;
    private static final Set<String> OWN_COMMANDS = Set.of("COMMAND=/bin/sh -s", "COMMAND=/usr/bin/sh -s");

    private PossibleActors() {}

    /**
     * @param from   the last time the drift's property was seen compliant (exclusive of nothing before it)
     * @param to     the end of the run that first saw it
     * @param mtime  the file's modification and change times when the resource is a file, else null
     */
    public static List<Actor> rank(
            ResourceId resource,
            Instant from,
            Instant to,
            List<Event> events,
            ActorScript.FileTimes mtime,
            Set<String> ownAccounts) {
        // logs keep whole seconds: an event in the same second as either end may be inside the window
        Instant lo = from.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant hi = to.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
        List<String> needles = needles(resource);
        Set<String> own = new java.util.HashSet<>(ownAccounts);
        events.stream()
                .filter(e -> e.kind() == Kind.SUDO && isOwnCommand(e.detail()))
                .map(Event::user)
                .forEach(own::add);
        record Scored(int score, Actor actor) {}
        Map<String, Scored> best = new LinkedHashMap<>();
        for (Event e : events) {
            if (e.at().isBefore(lo) || !e.at().isBefore(hi) || (e.user() != null && own.contains(e.user()))) {
                continue;
            }
            boolean named = needles.stream().anyMatch(n -> mentions(e.detail(), n));
            int score = switch (e.kind()) {
                case SUDO -> isOwnCommand(e.detail()) ? -1 : named ? 100 : 40;
                case APT -> resource.type() == io.driftwarden.standard.ResourceType.PACKAGE && named ? 95 : -1;
                case DPKG -> resource.type() == io.driftwarden.standard.ResourceType.PACKAGE && named ? 60 : -1;
                case LOGIN -> 20;
            };
            if (score < 0) {
                continue;
            }
            String kind = e.kind().name().toLowerCase(java.util.Locale.ROOT);
            Actor a = new Actor(kind, e.user(), e.at(), Redactor.redact(e.detail()), e.source());
            String key = kind + "\u0000" + e.user() + "\u0000" + e.at().getEpochSecond() + "\u0000" + a.detail();
            Scored prev = best.get(key);
            if (prev == null || prev.score() < score) {
                best.put(key, new Scored(score, a)); // the same sudo line from sudo.log and the journal counts once
            }
        }
        List<Scored> ranked = new ArrayList<>(best.values());
        if (mtime != null) {
            for (Instant t : List.of(mtime.mtime(), mtime.ctime())) {
                if (!t.isBefore(lo) && t.isBefore(hi)) {
                    ranked.add(new Scored(
                            10,
                            new Actor(
                                    "file-times",
                                    null,
                                    t,
                                    t.equals(mtime.mtime())
                                            ? "content modified"
                                            : "inode changed (owner, mode or content)",
                                    "stat")));
                    if (mtime.mtime().equals(mtime.ctime())) {
                        break;
                    }
                }
            }
        }
        ranked.sort(Comparator.comparingInt(Scored::score)
                .reversed()
                .thenComparing(s -> s.actor().at(), Comparator.reverseOrder()));
        return ranked.stream().limit(MAX).map(Scored::actor).toList();
    }

    private static boolean isOwnCommand(String detail) {
        return OWN_COMMANDS.contains(detail.strip()) || detail.startsWith("COMMAND=/usr/libexec/driftwarden/probe");
    }

    /** What a command or log line must mention to name the resource. */
    static List<String> needles(ResourceId id) {
        String n = id.name();
        return switch (id.type()) {
            case SERVICE -> List.of(n, n.endsWith(".service") ? n.substring(0, n.length() - ".service".length()) : n);
            case SYSCTL -> List.of(n, n.substring(n.lastIndexOf('.') + 1), "/etc/sysctl.conf", "/etc/sysctl.d/");
            default -> List.of(n);
        };
    }

    /**
     * {@code needle} as a whole word or path in {@code text}: "tree" is not named by "treeview", a path not by a
     * longer one; a needle ending in '/' names anything under it.
     */
    static boolean mentions(String text, String needle) {
        if (needle.endsWith("/")) {
            return text.contains(needle); // a directory: anything in it
        }
        return Pattern.compile("(?<![A-Za-z0-9_.+-])" + Pattern.quote(needle) + "(?![A-Za-z0-9_+-]|\\.[A-Za-z0-9])")
                .matcher(text)
                .find();
    }
}
