package io.driftwarden.config;

import io.driftwarden.yaml.Mark;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code DRIFTWARDEN_SSH__CONCURRENCY=64} overrides {@code ssh.concurrency}: the key path upper-cased, {@code __}
 * between levels. Values are read as unquoted YAML scalars, so the config's strict typing applies to them.
 * Security keys cannot be overridden: what signs off, what is trusted, who may enforce.
 */
public final class EnvOverrides {
    public static final String PREFIX = "DRIFTWARDEN_";
    /**
     * Environment variables that are not config keys: a secret, the daemon's context mark (revert refuses there),
     * and the command-line launcher's own (src/main/sh/driftwarden), which its JVM inherits.
     */
    static final Set<String> NOT_KEYS =
            Set.of("DRIFTWARDEN_SSH_PASSPHRASE", "DRIFTWARDEN_DAEMON", "DRIFTWARDEN_JAR", "DRIFTWARDEN_CDS");
    // standards and approvals_dir: where the bundle and the change records come from, and what authenticates them;
    // deadlines and webhooks: stretching one or redirecting the other would hide drift from the board
    private static final List<String> PROTECTED = List.of(
            "signoff",
            "standards",
            "approvals_dir",
            "approvals.ticket_url",
            "approvals.remediate_within",
            "approvals.escalation",
            "webhooks",
            "ssh.known_hosts",
            "ssh.identity_file",
            "enforce",
            "http.api_listen",
            "http.api_token_file");

    private EnvOverrides() {}

    public static YNode apply(YNode root, Map<String, String> env, Problems problems) {
        if (!(root instanceof YNode.Map map)) {
            return root;
        }
        YNode.Map out = map;
        for (var e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(PREFIX) || NOT_KEYS.contains(name)) {
                continue;
            }
            List<String> path = new ArrayList<>();
            for (String part : name.substring(PREFIX.length()).split("__", -1)) {
                path.add(part.toLowerCase(Locale.ROOT));
            }
            String dotted = String.join(".", path);
            if (path.stream().anyMatch(String::isEmpty)) {
                problems.add(name + ":1:1", "not a config key path");
                continue;
            }
            if (PROTECTED.stream().anyMatch(p -> dotted.equals(p) || dotted.startsWith(p + "."))) {
                problems.add(
                        name + ":1:1", dotted + " is a security setting and cannot be overridden from the environment");
                continue;
            }
            out = put(out, path, new YNode.Scalar(e.getValue(), true, new Mark(name, 1, 1)));
        }
        return out;
    }

    private static YNode.Map put(YNode.Map map, List<String> path, YNode.Scalar value) {
        List<YNode.Entry> entries = new ArrayList<>(map.entries());
        String key = path.get(0);
        YNode.Scalar keyNode = new YNode.Scalar(key, true, value.mark());
        int at = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).key().value().equals(key)) {
                at = i;
            }
        }
        YNode replacement;
        if (path.size() == 1) {
            replacement = value;
        } else {
            YNode.Map child = at >= 0 && entries.get(at).value() instanceof YNode.Map m
                    ? m
                    : new YNode.Map(List.of(), value.mark());
            replacement = put(child, path.subList(1, path.size()), value);
        }
        YNode.Entry entry = new YNode.Entry(at >= 0 ? entries.get(at).key() : keyNode, replacement);
        if (at >= 0) {
            entries.set(at, entry);
        } else {
            entries.add(entry);
        }
        return new YNode.Map(entries, map.mark());
    }
}
