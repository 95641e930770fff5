package io.driftwarden.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image transport on real files, owners, modes, links, special files, dpkg status, accounts and sysctl.d. */
class ImageTransportTest {
    @TempDir
    static Path root;

    @BeforeAll
    static void tree() throws Exception {
        assertThat(System.getProperty("user.name"))
                .as("these tests chown and mknod: run them as root")
                .isEqualTo("root");
        Files.writeString(
                Files.createDirectories(root.resolve("etc")).resolve("passwd"),
                "root:x:0:0:root:/root:/bin/bash\ndeploy:x:1001:1001::/home/deploy:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nadmins:x:2000:deploy,ops\ndeploy:x:1001:deploy\n");
        Trees.file(root, "etc/app.conf", "a=1\n", 0644, 1001, 2000);
        Trees.file(root, "usr/bin/tool", "#!/bin/sh\n", 04755, 0, 0);
        Trees.file(root, "etc/orphan", "x", 0600, 4242, 4343);
        Files.createDirectories(root.resolve("tmp"));
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
        Trees.link(root, "etc/localtime", "/usr/share/zoneinfo/Etc/UTC");
        Trees.link(root, "etc/alt", "/srv/real"); // absolute: re-rooted inside the image
        Trees.file(root, "srv/real/inner.conf", "inner\n", 0640, 0, 0);
        Trees.link(root, "etc/escape", "../../../../../.."); // climbs above the root
        Trees.fifo(root.resolve("etc/fifo"));
        Trees.device(root.resolve("etc/null"));
        Trees.socket(root.resolve("etc/sock"));
        Files.createDirectories(root.resolve("usr/lib/sysctl.d"));
        Files.createDirectories(root.resolve("etc/sysctl.d"));
        Files.writeString(
                root.resolve("usr/lib/sysctl.d/50-default.conf"), "net.ipv4.ip_forward = 1\nkernel.a = vendor\n");
        Files.writeString(root.resolve("usr/lib/sysctl.d/70-x.conf"), "kernel.b = vendor\n");
        Files.writeString(root.resolve("etc/sysctl.d/70-x.conf"), "kernel.b = admin\n"); // same name: /etc wins
        Files.writeString(root.resolve("etc/sysctl.d/90-late.conf"), "net/ipv4/ip_forward=0\n");
        Files.writeString(root.resolve("etc/sysctl.conf"), "kernel.a =   last   word\n");
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.copy(Path.of("/var/lib/dpkg/status"), root.resolve("var/lib/dpkg/status"));
    }

    static Observation observe(ObservationRequest req) {
        Host h = new Host("img", Transport.IMAGE, null, 22, "audit", Set.of(), Map.of(), root, "img");
        HostObservation o = new ImageTransport().observe(h, req);
        assertThat(o).isInstanceOf(HostObservation.Observed.class);
        return ((HostObservation.Observed) o).observation();
    }

    static FileFact file(String path) {
        return observe(new ObservationRequest(
                        List.of(new FileQuery(path, true, true, "0".repeat(64))),
                        List.of(),
                        List.of(),
                        List.of(),
                        false,
                        List.of(),
                        false))
                .files()
                .get(path);
    }

    @Test
    void regularFileWithOwnerNamesModeAndHash() {
        FileFact f = file("/etc/app.conf");
        assertThat(f.kind()).isEqualTo("file");
        assertThat(f.mode()).isEqualTo("0644");
        assertThat(f.uid()).isEqualTo(1001L);
        assertThat(f.owner()).isEqualTo("deploy");
        assertThat(f.group()).isEqualTo("admins");
        assertThat(f.sha256())
                .isEqualTo(io.driftwarden.standard.ResourceParser.sha256("a=1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(f.content()).isEqualTo(new Blob("a=1\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void specialModeBitsAndUnnamedIds() {
        assertThat(file("/usr/bin/tool").mode()).isEqualTo("4755");
        FileFact tmp = file("/tmp");
        assertThat(tmp.kind()).isEqualTo("directory");
        assertThat(tmp.mode()).isEqualTo("1777");
        FileFact orphan = file("/etc/orphan");
        assertThat(orphan.owner()).isNull();
        assertThat(orphan.uid()).isEqualTo(4242L);
        assertThat(orphan.content())
                .as("not world-readable: bytes never leave the host")
                .isNull();
    }

    @Test
    void finalLinkIsNotFollowedAndTargetIsLiteral() {
        FileFact f = file("/etc/localtime");
        assertThat(f.kind()).isEqualTo("link");
        assertThat(f.target()).isEqualTo("/usr/share/zoneinfo/Etc/UTC");
        assertThat(f.sha256()).isNull();
    }

    @Test
    void intermediateLinksResolveInsideTheRoot() {
        FileFact f = file("/etc/alt/inner.conf");
        assertThat(f.status()).isEqualTo("ok");
        assertThat(f.mode()).isEqualTo("0640");
    }

    @Test
    void aPathEscapingTheRootIsNotObserved() {
        assertThat(file("/etc/escape/etc/passwd").status()).isEqualTo("escapes-root");
    }

    @Test
    void absentAndNotADirectoryAreAbsent() {
        assertThat(file("/etc/nope").ensure()).isEqualTo("absent");
        assertThat(file("/etc/app.conf/x").ensure()).isEqualTo("absent");
    }

    @Test
    void specialFiles() {
        assertThat(file("/etc/fifo").kind()).isEqualTo("fifo");
        assertThat(file("/etc/null").kind()).isEqualTo("device");
        assertThat(file("/etc/sock").kind()).isEqualTo("socket");
    }

    @Test
    void realDpkgStatusFile() throws Exception {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "libc6").start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Observation o = observe(new ObservationRequest(
                List.of(),
                List.of("libc6", "no-such-package", "bad name"),
                List.of(),
                List.of(),
                false,
                List.of(),
                false));
        assertThat(o.packages().get("libc6").instances())
                .extracting(PackageInstance::status, PackageInstance::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ii", version));
        assertThat(o.packages().get("no-such-package").instances()).isEmpty();
        assertThat(o.packages().get("bad name").instances()).isEmpty();
    }

    /** A FIFO planted where passwd and the dpkg status should be: read as unreadable, never waited on. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoInPlaceOfASystemFileIsNotWaitedOn(@TempDir Path hostile) throws Exception {
        Files.createDirectories(hostile.resolve("etc"));
        Files.createDirectories(hostile.resolve("var/lib/dpkg"));
        Trees.fifo(hostile.resolve("etc/passwd"));
        Trees.fifo(hostile.resolve("etc/group"));
        Trees.fifo(hostile.resolve("var/lib/dpkg/status"));
        Host h = new Host("hostile", Transport.IMAGE, null, 22, "audit", Set.of(), Map.of(), hostile, "hostile");
        HostObservation o = new ImageTransport()
                .observe(
                        h,
                        new ObservationRequest(
                                List.of(), List.of("libc6"), List.of(), List.of(), false, List.of("root"), true));
        assertThat(o).isInstanceOf(HostObservation.Observed.class);
        assertThat(((HostObservation.Observed) o).observation().passwdLines()).isEmpty();
    }

    @Test
    void dpkgStatusAbbreviations() {
        String status = "Package: a\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\n\n"
                + "Package: a\nStatus: install ok installed\nArchitecture: i386\nVersion: 2\n\n"
                + "Package: b\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 3\n\n"
                + "Package: c\nStatus: install reinstreq half-installed\nArchitecture: amd64\nVersion: 4\n\n"
                + "Package: d\nStatus: hold ok installed\nArchitecture: all\nVersion: 5\n";
        List<PackageInstance> all = DpkgStatus.parse(status.getBytes(StandardCharsets.UTF_8));
        assertThat(DpkgStatus.select(all, "a")).hasSize(2);
        assertThat(DpkgStatus.select(all, "a:i386"))
                .extracting(PackageInstance::version)
                .containsExactly("2");
        assertThat(DpkgStatus.select(all, "b"))
                .extracting(PackageInstance::status)
                .containsExactly("rc");
        assertThat(DpkgStatus.select(all, "c"))
                .extracting(PackageInstance::status)
                .containsExactly("iHR");
        assertThat(DpkgStatus.select(all, "d"))
                .extracting(PackageInstance::status)
                .containsExactly("hi");
    }

    @Test
    void accountsAndSysctlConfiguration() {
        Observation o = observe(new ObservationRequest(
                List.of(), List.of(), List.of(), List.of("kernel.a"), true, List.of("deploy", "ghost"), true));
        assertThat(o.passwd()).containsOnlyKeys("deploy");
        assertThat(o.groupLines()).contains("admins:x:2000:deploy,ops");
        assertThat(o.sysctls().get("kernel.a").status()).isEqualTo("no-runtime-state");
        assertThat(o.sysctlConf())
                .extracting(ConfFile::path)
                .containsExactly(
                        "/etc/sysctl.d/70-x.conf",
                        "/etc/sysctl.d/90-late.conf",
                        "/usr/lib/sysctl.d/50-default.conf",
                        "/usr/lib/sysctl.d/70-x.conf",
                        "/etc/sysctl.conf");
    }
}
