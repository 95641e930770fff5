package io.driftwarden.config;

import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.YNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads {@code approvals.remediate_within} (a duration, or {@code {default, per_standard}}) and
 * {@code approvals.escalation} ({@code levels}, {@code remind_every}). Without {@code remediate_within} there are no
 * deadlines, and an {@code escalation} section is an error (it would never fire).
 */
final class DeadlinesSection {
    static final int MAX_LEVELS = 5;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private DeadlinesSection() {}

    static Config.Deadlines read(MapReader a) {
        Optional<YNode> within = a.node("remediate_within");
        Optional<MapReader> escalation = a.optMap("escalation");
        if (within.isEmpty()) {
            escalation.ifPresent(e -> {
                a.problems()
                        .add(
                                a.keyMark("escalation"),
                                "approvals.escalation",
                                "needs approvals.remediate_within: without a deadline nothing escalates");
                e.keys().forEach(e::node);
                e.finish();
            });
            return null;
        }
        Duration dflt;
        Map<String, Duration> perStandard = new TreeMap<>();
        if (within.get() instanceof YNode.Map) {
            MapReader m = a.optMap("remediate_within").orElseThrow();
            dflt = positive(m, "default", m.has("default") ? null : Duration.ofHours(24));
            m.optMap("per_standard").ifPresent(ps -> {
                for (String std : ps.keys()) {
                    Duration d = positive(ps, std, null);
                    if (d != null) {
                        perStandard.put(std, d);
                    }
                }
                ps.finish();
            });
            m.finish();
        } else {
            dflt = positive(a, "remediate_within", null);
        }
        List<Config.Level> levels = new ArrayList<>();
        Duration remind = Duration.ofHours(24);
        if (escalation.isPresent()) {
            MapReader e = escalation.get();
            levels.addAll(levels(e));
            remind = ConfigLoader.duration(e, "remind_every", remind);
            e.finish();
        }
        if (levels.isEmpty()) {
            levels.add(new Config.Level("team", Duration.ZERO, List.of()));
        }
        return dflt == null ? null : new Config.Deadlines(dflt, perStandard, levels, remind);
    }

    private static List<Config.Level> levels(MapReader e) {
        List<Config.Level> out = new ArrayList<>();
        List<MapReader> list = e.mapList("levels", "{name, after, to}");
        if (list.size() > MAX_LEVELS) {
            e.problems().add(e.keyMark("levels"), "approvals.escalation.levels", "at most " + MAX_LEVELS + " levels");
        }
        Duration last = null;
        for (MapReader l : list) {
            String name = l.requireString("name").orElse("?");
            if (!NAME.matcher(name).matches()) {
                l.problems()
                        .add(
                                l.keyMark("name"),
                                l.childPath("name"),
                                "must be lowercase letters, digits and '-', at most 32, got '" + name + "'");
            }
            Duration after = ConfigLoader.duration(l, "after", Duration.ZERO);
            if (last != null && after.compareTo(last) <= 0) {
                l.problems()
                        .add(
                                l.keyMark("after"),
                                l.childPath("after"),
                                "must be later than the level before (" + last.toSeconds() + " s)");
            }
            last = after;
            List<String> to = l.optStringList("to").orElse(List.of());
            l.finish();
            out.add(new Config.Level(name, after, to));
        }
        if (out.stream().map(Config.Level::name).distinct().count() < out.size()) {
            e.problems().add(e.keyMark("levels"), "approvals.escalation.levels", "level names must be unique");
        }
        return out;
    }

    private static Duration positive(MapReader m, String key, Duration dflt) {
        Duration d = ConfigLoader.duration(m, key, dflt);
        if (d != null && (d.isZero() || d.isNegative())) {
            m.problems().add(m.keyMark(key), m.childPath(key), "must be more than 0s");
            return null;
        }
        if (d == null && dflt == null && !m.has(key)) {
            m.problems().add(m.mark(), m.childPath(key), "required key is missing");
        }
        return d;
    }
}
