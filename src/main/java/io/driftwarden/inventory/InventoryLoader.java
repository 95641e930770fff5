package io.driftwarden.inventory;

import io.driftwarden.yaml.LoadException;
import io.driftwarden.yaml.MapReader;
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
            int port = defaults.flatMap(d -> d.optLong("port")).map(Long::intValue).orElse(ssh.port());
            defaults.ifPresent(MapReader::finish);
            Optional<MapReader> list = r.optMap("hosts");
            if (!r.has("hosts")) {
                problems.add(r.mark(), "hosts", "required key is missing");
            }
            r.finish();
            list.ifPresent(h -> {
                for (String name : h.keys()) {
                    h.optMap(name).flatMap(m -> host(name, m, user, port, file.toAbsolutePath().getParent(), problems))
                            .ifPresent(hosts::add);
                }
                h.finish();
            });
        });
        problems.throwIfAny();
        return new Inventory(hosts);
    }

    private static Optional<Host> host(String name, MapReader m, String user, int port, Path base, Problems problems) {
        int before = problems.size();
        HostLimits.nameProblem(name).ifPresent(bad -> problems.add(m.mark(), "hosts." + HostLimits.shown(name), bad));
        Transport transport = m.optString("transport").map(t -> Transport.of(t).orElseGet(() -> {
            problems.add(m.keyMark("transport"), m.childPath("transport"), "must be ssh, local or image, got '" + t + "'");
            return Transport.SSH;
        })).orElse(Transport.SSH);
        String address = m.optString("address").orElse(name);
        HostLimits.addressProblem(address).ifPresent(bad -> problems.add(m.keyMark("address"), m.childPath("address"), bad));
        int hostPort = m.optLong("port").map(Long::intValue).orElse(port);
        if (hostPort < 1 || hostPort > 65535) {
            problems.add(m.keyMark("port"), m.childPath("port"), "must be between 1 and 65535");
        }
        String hostUser = m.optString("user").orElse(user);
        List<String> groups = m.optStringList("groups").orElse(List.of());
        HostLimits.groupsProblem(groups).ifPresent(bad -> problems.add(m.keyMark("groups"), m.childPath("groups"), bad));
        Map<String, String> vars = new HashMap<>();
        m.optMap("vars").ifPresent(v -> {
            for (String k : v.keys()) {
                v.optString(k).ifPresent(val -> vars.put(k, val));
            }
            v.finish();
        });
        Optional<String> root = m.optString("root");
        root.flatMap(HostLimits::addressProblem).ifPresent(bad -> problems.add(m.keyMark("root"), m.childPath("root"), bad));
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
        return Optional.of(new Host(name, transport, address, hostPort, hostUser, Set.copyOf(groups), vars, rootPath,
                root.orElse(null)));
    }
}
