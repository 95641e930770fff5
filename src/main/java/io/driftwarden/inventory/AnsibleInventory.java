package io.driftwarden.inventory;

import io.driftwarden.yaml.LoadException;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import io.driftwarden.yaml.YNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads an Ansible inventory (YAML or INI) into hosts: groups through {@code children}, group vars under
 * host vars, {@code ansible_host}, {@code ansible_port}, {@code ansible_user}, {@code ansible_connection: local}.
 */
public final class AnsibleInventory {
    /** One group as written: its own hosts (with their vars), vars, and child groups. */
    private static final class Group {
        final Map<String, Map<String, String>> hosts = new LinkedHashMap<>();
        final Map<String, String> vars = new LinkedHashMap<>();
        final List<String> children = new ArrayList<>();
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    /** {@code host_vars/} next to the inventory: above every other source of a host's variables. */
    private final Map<String, Map<String, String>> hostVarFiles = new TreeMap<>();

    private final String file;

    private AnsibleInventory(String file) {
        this.file = file;
        groups.put("all", new Group());
    }

    public static Inventory load(Path path, InventoryLoader.SshDefaults ssh) {
        byte[] bytes;
        try {
            bytes = io.driftwarden.yaml.InputFile.read(path, "the Ansible inventory");
        } catch (IOException e) {
            throw new LoadException(path + ": cannot read the Ansible inventory: " + e.getMessage());
        }
        AnsibleInventory a = new AnsibleInventory(path.toString());
        String name = path.getFileName().toString();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            a.readYaml(bytes);
        } else {
            a.readIni(new String(bytes, StandardCharsets.UTF_8));
        }
        Path dir = path.toAbsolutePath().getParent();
        for (String g : List.copyOf(a.groups.keySet())) {
            a.group(g).vars.putAll(varFiles(dir.resolve("group_vars"), g));
        }
        for (Group g : a.groups.values()) {
            for (String h : g.hosts.keySet()) {
                a.hostVarFiles.computeIfAbsent(h, k -> varFiles(dir.resolve("host_vars"), k));
            }
        }
        return a.resolve(ssh);
    }

    /**
     * Ansible's {@code group_vars/NAME} and {@code host_vars/NAME}: {@code NAME.yml}, {@code NAME.yaml}, {@code NAME}
     * or every {@code *.yml}/{@code *.yaml} in a directory {@code NAME/} (in name order, later files win).
     */
    private static Map<String, String> varFiles(Path dir, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (String candidate : List.of(name, name + ".yml", name + ".yaml")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                files.add(p);
            }
        }
        Path sub = dir.resolve(name);
        if (Files.isDirectory(sub)) {
            try (var list = Files.list(sub)) {
                list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new LoadException(sub + ": cannot list Ansible variables: " + e.getMessage());
            }
        }
        for (Path f : files) {
            Problems problems = new Problems();
            byte[] bytes;
            try {
                bytes = io.driftwarden.yaml.InputFile.read(f, "an Ansible variables file");
            } catch (IOException e) {
                throw new LoadException(f + ": cannot read Ansible variables: " + e.getMessage());
            }
            YNode root = StrictYaml.parse(f.toString(), bytes, problems).orElse(null);
            problems.throwIfAny();
            if (root != null && !(root instanceof YNode.Map)) {
                throw new LoadException(f + ":1:1: Ansible variables are a mapping of names to values");
            }
            out.putAll(scalars(root));
        }
        return out;
    }

    private Group group(String name) {
        return groups.computeIfAbsent(name, n -> new Group());
    }

    private void readYaml(byte[] bytes) {
        Problems problems = new Problems();
        YNode root = StrictYaml.parse(file, bytes, problems).orElse(null);
        problems.throwIfAny();
        if (!(root instanceof YNode.Map m)) {
            throw new LoadException(file + ":1:1: an Ansible YAML inventory is a mapping of groups");
        }
        for (YNode.Entry e : m.entries()) {
            yamlGroup(e.key().value(), e.value());
        }
    }

    private void yamlGroup(String name, YNode node) {
        Group g = group(name);
        if (!(node instanceof YNode.Map m)) {
            return;
        }
        for (YNode.Entry e : m.entries()) {
            switch (e.key().value()) {
                case "hosts" -> {
                    if (e.value() instanceof YNode.Map hosts) {
                        Map<String, String> listed = new HashMap<>();
                        for (YNode.Entry h : hosts.entries()) {
                            list(
                                    g,
                                    listed,
                                    h.key().value(),
                                    scalars(h.value()),
                                    h.key().mark().toString());
                        }
                    }
                }
                case "vars" -> g.vars.putAll(scalars(e.value()));
                case "children" -> {
                    if (e.value() instanceof YNode.Map kids) {
                        for (YNode.Entry k : kids.entries()) {
                            g.children.add(k.key().value());
                            yamlGroup(k.key().value(), k.value());
                        }
                    }
                }
                default ->
                    throw new LoadException(e.key().mark() + ": " + name + "."
                            + e.key().value() + ": unknown key in an Ansible group (hosts, vars, children)");
            }
        }
    }

    /** Ansible values are loosely typed: every scalar becomes its text; nested values are not variables we use. */
    private static Map<String, String> scalars(YNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node instanceof YNode.Map m) {
            for (YNode.Entry e : m.entries()) {
                if (e.value() instanceof YNode.Scalar s) {
                    out.put(e.key().value(), s.value());
                }
            }
        }
        return out;
    }

    private void readIni(String text) {
        String section = "ungrouped";
        String kind = "hosts";
        Map<String, String> listed = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ":1";
            if (line.startsWith("[") && line.endsWith("]")) {
                String head = line.substring(1, line.length() - 1).strip();
                int colon = head.indexOf(':');
                section = colon < 0 ? head : head.substring(0, colon);
                kind = colon < 0 ? "hosts" : head.substring(colon + 1);
                if (!Set.of("hosts", "vars", "children").contains(kind)) {
                    throw new LoadException(where + ": unknown section suffix ':" + kind + "'");
                }
                group(section);
                listed.clear();
                continue;
            }
            List<String> words = words(line, where);
            switch (kind) {
                case "vars" -> group(section).vars.putAll(pairs(words, 0, where));
                case "children" -> {
                    group(section).children.add(words.get(0));
                    group(words.get(0));
                }
                default -> list(group(section), listed, words.get(0), pairs(words, 1, where), where);
            }
        }
    }

    /**
     * Adds one host entry of a group's host list: a name with ranges ({@code web[01:03]}) stands for every host it
     * expands to, and an inline {@code ansible_host} expands in step with it. A host listed twice in one list is an
     * error, as a duplicate key is in YAML; in several groups it is a member of each, as in Ansible.
     */
    private static void list(
            Group g, Map<String, String> listed, String entry, Map<String, String> vars, String where) {
        String at = where + ": host entry " + HostLimits.shown(entry);
        List<String> names = List.of(entry);
        List<String> addresses = null;
        if (HostPattern.hasRange(entry)) {
            HostPattern pattern;
            try {
                pattern = HostPattern.parse(entry);
            } catch (HostPattern.Malformed e) {
                throw new LoadException(at + ": " + e.getMessage());
            }
            names = pattern.expand();
            if (vars.containsKey("ansible_host")) {
                try {
                    addresses = HostPattern.inStep(pattern, vars.get("ansible_host"));
                } catch (HostPattern.Malformed e) {
                    throw new LoadException(at + ": ansible_host: " + e.getMessage());
                }
            }
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            checkHostName(name, HostPattern.hasRange(entry) ? at : where);
            String first = listed.putIfAbsent(name, where);
            if (first != null) {
                throw new LoadException(at + ": duplicate host " + name + " (first at " + first + ")");
            }
            Map<String, String> own = new LinkedHashMap<>(vars);
            if (addresses != null) {
                own.put("ansible_host", addresses.get(i));
            }
            g.hosts.put(name, own);
        }
    }

    private static void checkHostName(String name, String where) {
        HostLimits.nameProblem(name).ifPresent(bad -> {
            throw new LoadException(where + ": " + HostLimits.shown(name) + ": " + bad);
        });
    }

    private static Map<String, String> pairs(List<String> words, int from, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String w : words.subList(from, words.size())) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new LoadException(where + ": expected key=value, got '" + w + "'");
            }
            out.put(w.substring(0, eq), unquote(w.substring(eq + 1)));
        }
        return out;
    }

    /** Splits on blanks outside single or double quotes. */
    private static List<String> words(String line, String where) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                cur.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (c == ' ' || c == '\t') {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new LoadException(where + ": unterminated quote");
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private Inventory resolve(InventoryLoader.SshDefaults ssh) {
        Map<String, Set<String>> memberOf = new TreeMap<>();
        Map<String, Map<String, String>> hostVars = new TreeMap<>();
        for (var e : groups.entrySet()) {
            for (var h : e.getValue().hosts.entrySet()) {
                hostVars.computeIfAbsent(h.getKey(), k -> new LinkedHashMap<>()).putAll(h.getValue());
                memberOf.computeIfAbsent(h.getKey(), k -> new TreeSet<>());
            }
        }
        for (String host : memberOf.keySet()) {
            for (String g : groups.keySet()) {
                if (contains(g, host, new HashSet<>())) {
                    memberOf.get(host).add(g);
                }
            }
        }
        List<Host> hosts = new ArrayList<>();
        for (var e : memberOf.entrySet()) {
            Map<String, String> vars = new LinkedHashMap<>(groups.get("all").vars);
            e.getValue().stream().filter(g -> !g.equals("all")).forEach(g -> vars.putAll(groups.get(g).vars));
            vars.putAll(hostVars.get(e.getKey()));
            vars.putAll(hostVarFiles.getOrDefault(e.getKey(), Map.of()));
            hosts.add(host(e.getKey(), e.getValue(), vars, ssh));
        }
        return new Inventory(hosts);
    }

    private boolean contains(String group, String host, Set<String> seen) {
        if (!seen.add(group)) {
            return false;
        }
        Group g = groups.get(group);
        if (g == null) {
            return false;
        }
        if (group.equals("all") || g.hosts.containsKey(host)) {
            return true;
        }
        return g.children.stream().anyMatch(c -> contains(c, host, seen));
    }

    private Host host(String name, Set<String> groupsOf, Map<String, String> vars, InventoryLoader.SshDefaults ssh) {
        String address = vars.getOrDefault("ansible_host", name);
        HostLimits.addressProblem(address).ifPresent(bad -> {
            throw new LoadException(file + ": host " + name + ": ansible_host: " + bad);
        });
        int port;
        try {
            port = Integer.parseInt(vars.getOrDefault("ansible_port", Integer.toString(ssh.port())));
        } catch (NumberFormatException e) {
            throw new LoadException(
                    file + ": host " + name + ": ansible_port is not a number: " + vars.get("ansible_port"));
        }
        String user = vars.getOrDefault("ansible_user", ssh.user());
        Transport transport = "local".equals(vars.get("ansible_connection")) ? Transport.LOCAL : Transport.SSH;
        Set<String> named = new TreeSet<>(groupsOf);
        named.remove("all");
        named.remove("ungrouped");
        HostLimits.groupsProblem(named).ifPresent(bad -> {
            throw new LoadException(file + ": host " + name + ": " + bad);
        });
        Map<String, String> plain = new TreeMap<>();
        vars.forEach((k, v) -> {
            if (!k.startsWith("ansible_")) {
                plain.put(k, v);
            }
        });
        return new Host(name, transport, address, port, user, named, plain, null, null);
    }
}
