package io.driftwarden.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sh probe (local) and the NIO reader (image) must observe equal trees equally. */
class ContractTest {
    @TempDir
    Path tree;

    static Observation observe(HostTransport t, Host h, ObservationRequest req) {
        HostObservation o = t.observe(h, req);
        assertThat(o).as(o.toString()).isInstanceOf(HostObservation.Observed.class);
        return ((HostObservation.Observed) o).observation();
    }

    static Host local() {
        return new Host("self", Transport.LOCAL, null, 22, "audit", Set.of(), Map.of(), null, null);
    }

    static Host image(Path root) {
        return new Host("img", Transport.IMAGE, null, 22, "audit", Set.of(), Map.of(), root, root.toString());
    }

    @Test
    void exclusiveDirectoriesAreListedTheSameThroughBothTransports() throws Exception {
        Trees.file(tree, "etc/sudoers.d/README", "x", 0440, 0, 0);
        Trees.file(tree, "etc/sudoers.d/99-hotfix", "ops ALL=(ALL) NOPASSWD: ALL\n", 0440, 0, 0);
        Trees.file(tree, "etc/sudoers.d/-dash and space", "x", 0440, 0, 0);
        Trees.file(tree, "etc/sudoers.d/new\nline F 0 ok", "x", 0440, 0, 0);
        Files.createDirectories(tree.resolve("etc/sudoers.d/sub"));
        Files.createDirectories(tree.resolve("etc/cron.d"));
        Trees.file(tree, "etc/plain", "x", 0644, 0, 0);
        Trees.link(tree, "etc/linked.d", "sudoers.d");
        List<String> dirs = List.of("/etc/sudoers.d", "/etc/cron.d", "/etc/plain", "/etc/linked.d", "/etc/missing.d");
        Observation viaImage = observe(new ImageTransport(), image(tree), listing(dirs));
        Observation viaLocal = observe(
                new LocalTransport(Duration.ofSeconds(30)),
                local(),
                listing(dirs.stream().map(d -> tree + d).toList()));
        assertThat(rebased(viaLocal.listings(), (p, v) -> new DirListing(p, v.status(), v.names())))
                .isEqualTo(viaImage.listings());
        assertThat(viaImage.listings().get("/etc/sudoers.d").names())
                .containsExactly("-dash and space", "99-hotfix", "README", "new\nline F 0 ok", "sub");
        assertThat(viaImage.listings().get("/etc/cron.d")).isEqualTo(new DirListing("/etc/cron.d", "ok", List.of()));
        assertThat(viaImage.listings().get("/etc/plain").status()).isEqualTo("not-directory");
        assertThat(viaImage.listings().get("/etc/linked.d").status())
                .as("never followed")
                .isEqualTo("not-directory");
        assertThat(viaImage.listings().get("/etc/missing.d").status()).isEqualTo("absent");
    }

    @Test
    void normalizedDigestsAreTheSameThroughBothTransports() throws Exception {
        Trees.file(tree, "etc/ssh/sshd_config", "# v3\nPort 22\n\n  # note\nPermitRootLogin no", 0644, 0, 0);
        Trees.file(tree, "etc/crlf.conf", "a=1\r\n#c\r\n\r\n", 0644, 0, 0);
        Trees.file(tree, "etc/nul.conf", "a\u0000b\n#x\n", 0644, 0, 0);
        Trees.link(tree, "etc/link.conf", "ssh/sshd_config");
        Files.createDirectories(tree.resolve("etc/dir.conf"));
        List<String> paths = List.of(
                "/etc/ssh/sshd_config",
                "/etc/crlf.conf",
                "/etc/nul.conf",
                "/etc/link.conf",
                "/etc/dir.conf",
                "/etc/missing.conf");
        Observation viaImage = observe(new ImageTransport(), image(tree), normalizing(paths));
        Observation viaLocal = observe(
                new LocalTransport(Duration.ofSeconds(30)),
                local(),
                normalizing(paths.stream().map(p -> tree + p).toList()));
        assertThat(rebased(viaLocal.normalized(), (p, v) -> new NormalizedFact(p, v.status(), v.sha256())))
                .isEqualTo(viaImage.normalized());
        assertThat(viaImage.normalized().get("/etc/ssh/sshd_config").sha256())
                .isEqualTo(io.driftwarden.standard.ResourceParser.sha256("Port 22\nPermitRootLogin no\n".getBytes()));
        assertThat(viaImage.normalized().get("/etc/link.conf").status())
                .as("never followed")
                .isEqualTo("not-file");
        assertThat(viaImage.normalized().get("/etc/dir.conf").status()).isEqualTo("not-file");
        assertThat(viaImage.normalized().get("/etc/missing.conf").status()).isEqualTo("absent");
    }

    static ObservationRequest normalizing(List<String> paths) {
        return new ObservationRequest(
                paths.stream()
                        .map(p -> new FileQuery(p, true, false, null, true))
                        .toList(),
                List.of(),
                List.of(),
                List.of(),
                false,
                List.of(),
                false);
    }

    /** What the local probe saw under the tree, keyed (and re-made by {@code withPath}) by the path inside it. */
    private <V> Map<String, V> rebased(Map<String, V> local, java.util.function.BiFunction<String, V, V> withPath) {
        Map<String, V> out = new HashMap<>();
        local.forEach((k, v) -> {
            String inside = k.substring(tree.toString().length());
            out.put(inside, withPath.apply(inside, v));
        });
        return out;
    }

    static ObservationRequest listing(List<String> dirs) {
        return new ObservationRequest(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                false,
                List.of(),
                false,
                ObservationRequest.Inventorying.NONE,
                dirs);
    }

    @Test
    void filesUnderOneTreeLookTheSameThroughBothTransports() throws Exception {
        Files.writeString(
                Files.createDirectories(tree.resolve("etc")).resolve("passwd"),
                Files.readString(Path.of("/etc/passwd")));
        Files.copy(Path.of("/etc/group"), tree.resolve("etc/group"));
        Trees.file(tree, "etc/readable.conf", "one\ntwo\n", 0644, 0, 0);
        Trees.file(tree, "etc/private.conf", "secret\n", 0600, 0, 0);
        Trees.file(tree, "etc/same.conf", "same\n", 0644, 0, 0);
        Trees.file(tree, "usr/bin/suid", "x", 04755, 0, 0);
        Trees.file(tree, "etc/unnamed", "x", 0640, 54321, 54321);
        Trees.link(tree, "etc/localtime", "/usr/share/zoneinfo/Etc/UTC");
        Trees.link(tree, "etc/rel", "../srv");
        Trees.file(tree, "srv/data", "d\n", 0644, 0, 0);
        Trees.link(tree, "etc/weird", "a target\nF 0 ok file 0644 0 root 0 root 1 - - - -");
        Trees.fifo(tree.resolve("etc/fifo"));
        Trees.device(tree.resolve("etc/dev"));
        Files.createDirectories(tree.resolve("var/empty"));
        String same = io.driftwarden.standard.ResourceParser.sha256("same\n".getBytes());
        List<String> paths = List.of(
                "/etc/readable.conf",
                "/etc/private.conf",
                "/etc/same.conf",
                "/usr/bin/suid",
                "/etc/unnamed",
                "/etc/localtime",
                "/etc/rel/data",
                "/etc/weird",
                "/etc/fifo",
                "/etc/dev",
                "/var/empty",
                "/etc/missing",
                "/etc/readable.conf/below");
        List<FileQuery> imageQ = new ArrayList<>();
        List<FileQuery> localQ = new ArrayList<>();
        for (String p : paths) {
            imageQ.add(new FileQuery(p, true, true, same));
            localQ.add(new FileQuery(tree + p, true, true, same));
        }
        ObservationRequest none =
                new ObservationRequest(List.of(), List.of(), List.of(), List.of(), false, List.of(), false);
        Observation viaImage = observe(
                new ImageTransport(),
                image(tree),
                new ObservationRequest(imageQ, List.of(), List.of(), List.of(), false, List.of(), false));
        Observation viaLocal = observe(
                new LocalTransport(Duration.ofSeconds(30)),
                local(),
                new ObservationRequest(localQ, List.of(), List.of(), List.of(), false, List.of(), false));
        assertThat(rebased(
                        viaLocal.files(),
                        (p, v) -> new FileFact(
                                p,
                                v.status(),
                                v.kind(),
                                v.mode(),
                                v.uid(),
                                v.owner(),
                                v.gid(),
                                v.group(),
                                v.size(),
                                v.sha256(),
                                v.contentError(),
                                v.target(),
                                v.content())))
                .isEqualTo(viaImage.files());
        assertThat(viaImage.files().get("/etc/weird").target())
                .isEqualTo("a target\nF 0 ok file 0644 0 root 0 root 1 - - - -");
        assertThat(viaImage.files().get("/etc/readable.conf").content()).isNotNull();
        assertThat(viaImage.files().get("/etc/private.conf").content()).isNull();
        assertThat(viaImage.files().get("/etc/same.conf").content())
                .as("equal content is never shipped")
                .isNull();
        assertThat(none.files()).isEmpty();
    }

    @Test
    void packagesAccountsServicesAndSysctlConfOfThisMachineLookTheSame() throws Exception {
        List<String> services = new ArrayList<>(List.of("no-such-unit.service"));
        try (var s = Files.list(Path.of("/etc/systemd/system/multi-user.target.wants"))) {
            s.map(p -> p.getFileName().toString()).sorted().limit(2).forEach(services::add);
        } catch (java.io.IOException e) {
            // no wants directory on this machine: the missing unit still has to agree
        }
        try (var s = Files.list(Path.of("/lib/systemd/system"))) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".service") && !n.contains("@"))
                    .sorted()
                    .limit(6)
                    .forEach(services::add);
        } catch (java.io.IOException e) {
            // no systemd units here
        }
        ObservationRequest req = new ObservationRequest(
                List.of(),
                List.of("bash", "dash", "libc6", "no-such-package", "$(touch /tmp/x)"),
                services.stream().sorted().distinct().toList(),
                List.of(),
                true,
                List.of("root", "nobody", "no-such-user"),
                true);
        Observation viaImage = observe(new ImageTransport(), image(Path.of("/")), req);
        Observation viaLocal = observe(new LocalTransport(Duration.ofSeconds(30)), local(), req);
        assertThat(viaLocal.packages()).isEqualTo(viaImage.packages());
        assertThat(viaLocal.passwd()).isEqualTo(viaImage.passwd());
        assertThat(viaLocal.groupLines()).isEqualTo(viaImage.groupLines());
        assertThat(viaLocal.sysctlConf()).isEqualTo(viaImage.sysctlConf());
        assertThat(viaLocal.services().keySet()).isEqualTo(viaImage.services().keySet());
        viaLocal.services()
                .forEach((unit, fact) -> assertThat(fact.enabled())
                        .as(unit)
                        .isEqualTo(viaImage.services().get(unit).enabled()));
        assertThat(viaImage.packages().get("libc6").instances()).isNotEmpty();
        assertThat(viaImage.passwd()).containsKeys("root", "nobody");
    }

    @Test
    void listingsForCaptureLookTheSame() {
        ObservationRequest req = new ObservationRequest(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                false,
                List.of(),
                true,
                new ObservationRequest.Inventorying(true, true, true));
        Observation viaImage = observe(new ImageTransport(), image(Path.of("/")), req);
        Observation viaLocal = observe(new LocalTransport(Duration.ofSeconds(30)), local(), req);
        assertThat(viaLocal.packages().get(ProbeScript.ALL_PACKAGES))
                .isEqualTo(viaImage.packages().get(ProbeScript.ALL_PACKAGES));
        assertThat(viaImage.packages().get(ProbeScript.ALL_PACKAGES).instances())
                .hasSizeGreaterThan(50);
        assertThat(viaLocal.passwdLines()).isEqualTo(viaImage.passwdLines()).isNotEmpty();
        assertThat(viaLocal.enabledServices()).isEqualTo(viaImage.enabledServices());
    }
}
