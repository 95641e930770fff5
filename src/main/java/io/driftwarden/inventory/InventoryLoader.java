package io.driftwarden.inventory;

import io.driftwarden.yaml.LoadException;
import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.Mark;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import io.driftwarden.yaml.YNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the native inventory format of section 5. Host settings win over {@code defaults}, which win over ssh config. */
public final class InventoryLoader {
    private InventoryLoader() {}

    /** Defaults that come from the daemon config ({@code ssh.user}, {@code ssh.port}). */
    public record SshDefaults(String user, int port) {}

    public static Inventory load(Path file, SshDefaults ssh) {
        byte[] bytes;
        try {
            bytes = io.driftwarden.yaml.InputFile.read(file, "the inventory");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LoadException(file + ": no such file (the inventory)");
        } catch (IOException e) {
            throw new LoadException(file + ": cannot read the inventory: " + e.getMessage());
        }
        Problems problems = new Problems();
        String shown = file.toString();
        Optional<YNode> root = StrictYaml.parse(shown, bytes, problems);
        List<Host> hosts = new ArrayList<>();
        root.flatMap(n -> MapReader.of(n, "", problems)).ifPresent(r -> {
            Optional<MapReader> defaults = r.optMap("defaults");
            String user = defaults.flatMap(d -> d.optString("user")).orElse(ssh.user());
            int port =
                    defaults.flatMap(d -> d.optLong("port")).map(Long::intValue).orElse(ssh.port());
            defaults.ifPresent(MapReader::finish);
            Optional<MapReader> list = r.optMap("hosts");
            if (!r.has("hosts")) {
                problems.add(r.mark(), "hosts", "required key is missing");
            }
            r.finish();
            list.ifPresent(h -> {
                Map<String, Mark> seen = new HashMap<>();
                for (String name : h.keys()) {
                    Mark at = h.keyMark(name);
                    for (Host host : h.optMap(name)
                            .map(m -> hosts(
                                    name,
                                    at,
                                    m,
                                    user,
                                    port,
                                    file.toAbsolutePath().getParent(),
                                    problems))
                            .orElse(List.of())) {
                        Mark first = seen.putIfAbsent(host.name(), at);
                        if (first != null) { // only a range can repeat a name: YAML refuses a duplicate key
                            problems.add(
                                    at,
                                    "hosts." + HostLimits.shown(name),
                                    "duplicate host " + host.name() + " (first at " + first + ")");
                        } else {
                            hosts.add(host);
                        }
                    }
                }
                h.finish();
            });
        });
        problems.throwIfAny();
        return new Inventory(hosts);
    }

    /**
     * The hosts one entry stands for: itself, or every host its name's ranges expand to ({@code web[01:03]}), the
     * address and image root expanding in step with the name (see {@link HostPattern#inStep}).
     */
    private static List<Host> hosts(
            String written, Mark at, MapReader m, String user, int port, Path base, Problems problems) {
        int before = problems.size();
        Optional<Host> template = host(written, m, user, port, base, problems);
        if (template.isEmpty() || !HostPattern.hasRange(written)) {
            return template.stream().toList();
        }
        Host t = template.get();
        String entry = "hosts." + HostLimits.shown(written);
        HostPattern pattern;
        try {
            pattern = HostPattern.parse(written);
        } catch (HostPattern.Malformed e) {
            problems.add(at, entry, e.getMessage());
            return List.of();
        }
        List<String> names = pattern.expand();
        List<String> addresses = m.has("address") ? inStep(pattern, t.address(), m, "address", problems) : names;
        List<String> roots = t.rootAsWritten() == null ? null : inStep(pattern, t.rootAsWritten(), m, "root", problems);
        if (problems.size() > before) {
            return List.of();
        }
        List<Host> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String address = addresses.get(i);
            HostLimits.nameProblem(name).ifPresent(bad -> problems.add(at, entry, HostLimits.shown(name) + ": " + bad));
            HostLimits.addressProblem(address)
                    .ifPresent(bad -> problems.add(m.keyMark("address"), m.childPath("address"), name + ": " + bad));
            String root = roots == null ? null : roots.get(i);
            out.add(new Host(
                    name,
                    t.transport(),
                    address,
                    t.port(),
                    t.user(),
                    t.groups(),
                    t.vars(),
                    root == null ? null : base.resolve(root).normalize(),
                    root));
        }
        return problems.size() > before ? List.of() : out;
    }

    /** {@code key}'s value for each host of a range entry (none, with a problem, when it cannot expand in step). */
    private static List<String> inStep(HostPattern name, String written, MapReader m, String key, Problems problems) {
        try {
            return HostPattern.inStep(name, written);
        } catch (HostPattern.Malformed e) {
            problems.add(m.keyMark(key), m.childPath(key), e.getMessage());
            return List.of();
        }
    }

    private static Optional<Host> host(String name, MapReader m, String user, int port, Path base, Problems problems) {
        int before = problems.size();
        if (!HostPattern.hasRange(name)) { // a range entry's names are checked once expanded
            HostLimits.nameProblem(name)
                    .ifPresent(bad -> problems.add(m.mark(), "hosts." + HostLimits.shown(name), bad));
        }
        Transport transport = m.optString("transport")
                .map(t -> Transport.of(t).orElseGet(() -> {
                    problems.add(
                            m.keyMark("transport"),
                            m.childPath("transport"),
                            "must be ssh, local or image, got '" + t + "'");
                    return Transport.SSH;
                }))
                .orElse(Transport.SSH);
        String address = m.optString("address").orElse(name);
        HostLimits.addressProblem(address)
                .ifPresent(bad -> problems.add(m.keyMark("address"), m.childPath("address"), bad));
        int hostPort = m.optLong("port").map(Long::intValue).orElse(port);
        if (hostPort < 1 || hostPort > 65535) {
            problems.add(m.keyMark("port"), m.childPath("port"), "must be between 1 and 65535");
        }
        String hostUser = m.optString("user").orElse(user);
        List<String> groups = m.optStringList("groups").orElse(List.of());
        HostLimits.groupsProblem(groups)
                .ifPresent(bad -> problems.add(m.keyMark("groups"), m.childPath("groups"), bad));
        Map<String, String> vars = new HashMap<>();
        m.optMap("vars").ifPresent(v -> {
            for (String k : v.keys()) {
                v.optString(k).ifPresent(val -> vars.put(k, val));
            }
            v.finish();
        });
        Optional<String> root = m.optString("root");
        root.flatMap(HostLimits::addressProblem)
                .ifPresent(bad -> problems.add(m.keyMark("root"), m.childPath("root"), bad));
        if (transport == Transport.IMAGE && root.isEmpty()) {
            problems.add(m.mark(), m.childPath("root"), "an image host needs root: <directory>");
        }
        if (transport != Transport.IMAGE && root.isPresent()) {
            problems.add(m.keyMark("root"), m.childPath("root"), "root is only for transport: image");
        }
        m.finish(Set.of("ansible_host", "ansible_port", "ansible_user"));
        if (problems.size() > before) {
            return Optional.empty();
        }
        Path rootPath = root.map(base::resolve).map(Path::normalize).orElse(null);
        return Optional.of(new Host(
                name, transport, address, hostPort, hostUser, Set.copyOf(groups), vars, rootPath, root.orElse(null)));
    }
}
