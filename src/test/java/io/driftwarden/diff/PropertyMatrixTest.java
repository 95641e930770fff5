package io.driftwarden.diff;

import static io.driftwarden.diff.Obs.anObservation;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.collect.FileFact;
import io.driftwarden.collect.Observation;
import io.driftwarden.collect.PackageInstance;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.Standard;
import io.driftwarden.standard.StandardParser;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every type x property: match, mismatch, missing, not_checked; the standard comes through the real parser. */
class PropertyMatrixTest {
    /** An ssh host: its remedies may name driftwarden revert. */
    static final io.driftwarden.inventory.Host H = new io.driftwarden.inventory.Host(
            "h",
            io.driftwarden.inventory.Transport.SSH,
            "192.0.2.1",
            22,
            "audit",
            java.util.Set.of(),
            java.util.Map.of(),
            null,
            null);

    static final DiffEngine ENGINE = new DiffEngine(
            new Sensitivity(io.driftwarden.config.Config.Reports.DEFAULT_SENSITIVE), new ContentHasher(new byte[32]));

    /** property -> "ok" | "drift <actual>" | "missing" | "nc <why>". */
    static Map<String, String> audit(String resourceYaml, Observation o) {
        return audit(resourceYaml, o, java.time.Instant.parse("2026-11-23T10:00:00Z"));
    }

    static Map<String, String> audit(String resourceYaml, Observation o, java.time.Instant now) {
        Problems problems = new Problems();
        String text = "standard: t\nresources:\n" + resourceYaml;
        Optional<Standard> s = StrictYaml.parse("t.yaml", text.getBytes(StandardCharsets.UTF_8), problems)
                .flatMap(n -> StandardParser.parse("t.yaml", n, p -> Optional.empty(), problems));
        assertThat(problems.lines()).isEmpty();
        HostPlan plan = HostPlan.resolve(java.util.List.of(s.orElseThrow()), "h", Set.of())
                .ok()
                .orElseThrow()
                .at(now);
        HostDiff diff = ENGINE.diff(H, plan, o);
        Map<String, String> out = new TreeMap<>();
        plan.resources().get(0).properties().keySet().forEach(p -> out.put(p, "ok"));
        diff.drifts().forEach(d -> out.put(d.property(), d.actual() == null ? "missing" : "drift " + d.shownActual()));
        diff.notChecked().forEach(n -> out.put(n.property(), "nc " + n.why()));
        return out;
    }

    static final String FILE =
            "  - file: /etc/app.conf\n    owner: root\n    group: root\n    mode: \"0644\"\n    content: \"a=1\\n\"\n";

    @Test
    void fileProperties() {
        assertThat(audit(
                        FILE,
                        anObservation()
                                .regular("/etc/app.conf", "0644", 0, "root", "a=1\n")
                                .build()))
                .containsEntry("ensure", "ok")
                .containsEntry("owner", "ok")
                .containsEntry("mode", "ok")
                .containsEntry("content", "ok");
        Map<String, String> drifted = audit(
                FILE,
                anObservation()
                        .regular("/etc/app.conf", "0600", 1001, "deploy", "a=2\n")
                        .build());
        assertThat(drifted)
                .containsEntry("owner", "drift deploy")
                .containsEntry("mode", "drift 0600")
                .containsEntry(
                        "content", "drift sha256:" + io.driftwarden.standard.ResourceParser.sha256("a=2\n".getBytes()));
        assertThat(audit(
                        FILE,
                        anObservation()
                                .regular("/etc/app.conf", "0644", 4242, null, "a=1\n")
                                .build()))
                .containsEntry("owner", "drift #4242");
        assertThat(audit(
                        FILE,
                        anObservation()
                                .fact(FileFact.missing("/etc/app.conf", "permission-denied"))
                                .build()))
                .containsOnly(
                        Map.entry("ensure", "nc permission-denied"),
                        Map.entry("owner", "nc permission-denied"),
                        Map.entry("group", "nc permission-denied"),
                        Map.entry("mode", "nc permission-denied"),
                        Map.entry("content", "nc permission-denied"));
        assertThat(audit(
                        FILE,
                        anObservation()
                                .fact(new FileFact(
                                        "/etc/app.conf",
                                        "ok",
                                        "file",
                                        "0644",
                                        0L,
                                        "root",
                                        0L,
                                        "root",
                                        1L << 40,
                                        null,
                                        "too-large",
                                        null,
                                        null))
                                .build()))
                .containsEntry("content", "nc too-large");
    }

    @Test
    void fileEnsureDriftHidesEverythingElse() {
        assertThat(audit(
                        FILE,
                        anObservation()
                                .fact(FileFact.missing("/etc/app.conf", "absent"))
                                .build()))
                .containsEntry("ensure", "drift absent")
                .containsEntry("mode", "ok")
                .containsEntry("content", "ok");
        assertThat(audit(
                        FILE,
                        anObservation()
                                .fact(new FileFact(
                                        "/etc/app.conf",
                                        "ok",
                                        "fifo",
                                        "0644",
                                        0L,
                                        "root",
                                        0L,
                                        "root",
                                        0L,
                                        null,
                                        null,
                                        null,
                                        null))
                                .build()))
                .containsEntry("ensure", "drift fifo");
        assertThat(audit(
                        "  - file: /etc/gone\n    ensure: absent\n",
                        anObservation()
                                .fact(FileFact.missing("/etc/gone", "absent"))
                                .build()))
                .containsOnly(Map.entry("ensure", "ok"));
    }

    @Test
    void ownerById() {
        String yaml = "  - file: /etc/x\n    owner: \"#1001\"\n";
        assertThat(audit(
                        yaml,
                        anObservation()
                                .regular("/etc/x", "0644", 1001, "deploy", "")
                                .build()))
                .containsEntry("owner", "ok");
        assertThat(audit(
                        yaml,
                        anObservation().regular("/etc/x", "0644", 0, "root", "").build()))
                .containsEntry("owner", "drift root");
    }

    @Test
    void linkTargetIsLiteral() {
        String yaml = "  - file: /etc/localtime\n    ensure: link\n    target: /usr/share/zoneinfo/UTC\n";
        FileFact ok = new FileFact(
                "/etc/localtime",
                "ok",
                "link",
                "0777",
                0L,
                "root",
                0L,
                "root",
                1L,
                null,
                null,
                "/usr/share/zoneinfo/UTC",
                null);
        FileFact other = new FileFact(
                "/etc/localtime",
                "ok",
                "link",
                "0777",
                0L,
                "root",
                0L,
                "root",
                1L,
                null,
                null,
                "../usr/share/zoneinfo/UTC",
                null);
        assertThat(audit(yaml, anObservation().fact(ok).build())).containsEntry("target", "ok");
        assertThat(audit(yaml, anObservation().fact(other).build()))
                .containsEntry("target", "drift ../usr/share/zoneinfo/UTC");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .fact(FileFact.missing("/etc/localtime", "escapes-root"))
                                .build()))
                .containsEntry("target", "nc escapes-root");
    }

    @Test
    void sensitiveContentIsShownAsHmacAndNeverDiffed() {
        String yaml = "  - file: /etc/sudoers.d/ops\n    content: \"x\\n\"\n";
        Map<String, String> r = audit(
                yaml,
                anObservation()
                        .regular("/etc/sudoers.d/ops", "0440", 0, "root", "y\n")
                        .build());
        assertThat(r.get("content")).matches("drift hmac:[0-9a-f]{16}");
    }

    @Test
    void packageProperties() {
        String yaml = "  - package: nginx\n    version: \"1.22.1-9\"\n";
        assertThat(audit(
                        yaml,
                        anObservation()
                                .pkg("nginx", new PackageInstance("nginx", "ii", "0:1.22.1-9", "amd64"))
                                .build()))
                .containsEntry("version", "ok")
                .containsEntry("ensure", "ok");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .pkg("nginx", new PackageInstance("nginx", "hi", "1.22.1-10", "amd64"))
                                .build()))
                .containsEntry("version", "drift 1.22.1-10");
        assertThat(audit(yaml, anObservation().pkg("nginx").build())).containsEntry("ensure", "drift absent");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .pkg("nginx", new PackageInstance("nginx", "rc", "1.22.1-9", "amd64"))
                                .build()))
                .containsEntry("ensure", "drift absent");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .pkg("nginx", new PackageInstance("nginx", "iU", "1.22.1-9", "amd64"))
                                .build()))
                .containsEntry("ensure", "drift broken:iU");
        assertThat(audit(
                        "  - package: libc6\n    version: \"2.36-9\"\n",
                        anObservation()
                                .pkg(
                                        "libc6",
                                        new PackageInstance("libc6", "ii", "2.36-9", "amd64"),
                                        new PackageInstance("libc6", "ii", "2.36-8", "i386"))
                                .build()))
                .containsEntry("version", "drift 2.36-9 (amd64), 2.36-8 (i386)");
        assertThat(audit(
                        "  - package: telnetd\n    ensure: absent\n",
                        anObservation()
                                .pkg("telnetd", new PackageInstance("telnetd", "ii", "1", "amd64"))
                                .build()))
                .containsEntry("ensure", "drift installed");
    }

    @Test
    void versionFloorsAcceptSecurityUpdatesAndCatchDowngrades() {
        String yaml = "  - package: openssh-server\n    version: \">= 1:9.2p1-2+deb12u3\"\n";
        for (String ok : new String[] {"1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u10", "1:9.3p1-1"}) {
            assertThat(audit(
                            yaml,
                            anObservation()
                                    .pkg("openssh-server", new PackageInstance("openssh-server", "ii", ok, "amd64"))
                                    .build()))
                    .containsEntry("version", "ok");
        }
        assertThat(audit(
                        yaml,
                        anObservation()
                                .pkg(
                                        "openssh-server",
                                        new PackageInstance("openssh-server", "ii", "1:9.2p1-2+deb12u2", "amd64"))
                                .build()))
                .containsEntry("version", "drift 1:9.2p1-2+deb12u2");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .pkg("openssh-server", new PackageInstance("openssh-server", "ii", "9.9p1-1", "amd64"))
                                .build()))
                .as("no epoch is epoch 0, below the floor's epoch 1")
                .containsEntry("version", "drift 9.9p1-1");
        assertThat(audit(yaml, anObservation().pkg("openssh-server").build())).containsEntry("ensure", "drift absent");
    }

    static final String SSHD =
            "  - file: /etc/ssh/sshd_config\n    content: \"# standard v3\\nPort 22\\nPermitRootLogin no\\n\"\n"
                    + "    compare: {mode: ignore-comments-and-blank-lines, justification: ops annotate hotfixes, expires: 2026-12-01T00:00:00Z}\n";

    static Map<String, String> auditAt(String yaml, String content, String now) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        Observation o = anObservation()
                .regular("/etc/ssh/sshd_config", "0644", 0, "root", content)
                .normalized(
                        "/etc/ssh/sshd_config",
                        io.driftwarden.standard.ResourceParser.sha256(io.driftwarden.standard.Normalizer.apply(b)))
                .build();
        return audit(yaml, o, java.time.Instant.parse(now));
    }

    @Test
    void aNormalizedFileIgnoresCommentsUntilItsExpiry() {
        String annotated = "# standard v3\n# 2026-11-23 alice: checked\nPort 22\n\nPermitRootLogin no\n";
        assertThat(auditAt(SSHD, annotated, "2026-11-23T10:00:00Z")).containsEntry("content", "ok");
        assertThat(auditAt(SSHD, "# standard v3\nPort 22\nPermitRootLogin yes\n", "2026-11-23T10:00:00Z")
                        .get("content"))
                .startsWith("drift sha256:");
        assertThat(auditAt(SSHD, annotated, "2026-12-01T00:00:00Z").get("content"))
                .as("expired: exact again")
                .startsWith("drift sha256:");
    }

    @Test
    void serviceProperties() {
        String yaml = "  - service: ssh\n    running: true\n    enabled: true\n";
        assertThat(audit(
                        yaml,
                        anObservation()
                                .service("ssh.service", "active", "enabled", null)
                                .build()))
                .containsEntry("running", "ok")
                .containsEntry("enabled", "ok");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .service("ssh.service", "inactive", "disabled", null)
                                .build()))
                .containsEntry("running", "drift false")
                .containsEntry("enabled", "drift disabled");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .service("ssh.service", "inactive", "absent", null)
                                .build()))
                .containsEntry("running", "drift absent")
                .containsEntry("enabled", "drift absent");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .service("ssh.service", null, "alias", "enabled")
                                .build()))
                .containsEntry("running", "nc no-service-manager")
                .containsEntry("enabled", "ok");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .service("ssh.service", null, "static", null)
                                .build()))
                .containsEntry("enabled", "drift static");
        assertThat(audit(
                        yaml,
                        anObservation().service("ssh.service", null, null, null).build()))
                .containsEntry("enabled", "nc no-service-manager");
        String off = "  - service: telnet\n    running: false\n    enabled: false\n";
        assertThat(audit(
                        off,
                        anObservation()
                                .service("telnet.service", "inactive", "absent", null)
                                .build()))
                .containsEntry("running", "ok")
                .containsEntry("enabled", "ok");
        assertThat(audit(
                        off,
                        anObservation()
                                .service("telnet.service", "inactive", "masked", null)
                                .build()))
                .containsEntry("enabled", "ok");
        assertThat(audit(
                        "  - service: x\n    enabled: masked\n",
                        anObservation()
                                .service("x.service", null, "disabled", null)
                                .build()))
                .containsEntry("enabled", "drift disabled");
    }

    @Test
    void sysctlProperties() {
        String yaml =
                "  - sysctl: net.ipv4.tcp_rmem\n    value: \"4096 131072 6291456\"\n    persisted: \"4096 131072 6291456\"\n";
        assertThat(audit(
                        yaml,
                        anObservation()
                                .sysctl("net.ipv4.tcp_rmem", "ok", "4096\t131072   6291456\n")
                                .conf("/etc/sysctl.d/10-a.conf", "net.ipv4.tcp_rmem = 4096 131072 6291456\n")
                                .build()))
                .containsEntry("value", "ok")
                .containsEntry("persisted", "ok");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .sysctl("net.ipv4.tcp_rmem", "ok", "1 2 3")
                                .conf("/etc/sysctl.d/10-a.conf", "net.ipv4.tcp_rmem = 4096 131072 6291456\n")
                                .conf("/etc/sysctl.conf", "net/ipv4/tcp_rmem=1 2 3\n")
                                .build()))
                .containsEntry("value", "drift 1 2 3")
                .containsEntry("persisted", "drift 1 2 3");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .sysctl("net.ipv4.tcp_rmem", "missing", null)
                                .build()))
                .containsEntry("value", "missing")
                .containsEntry("persisted", "missing");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .sysctl("net.ipv4.tcp_rmem", "no-runtime-state", null)
                                .conf("/etc/sysctl.d/10-a.conf", null)
                                .build()))
                .containsEntry("value", "nc no-runtime-state")
                .containsEntry("persisted", "nc permission-denied");
    }

    @Test
    void sysctlDirectoryPrecedence() {
        String yaml = "  - sysctl: kernel.b\n    persisted: \"admin\"\n";
        assertThat(audit(
                        yaml,
                        anObservation()
                                .conf("/etc/sysctl.d/70-x.conf", "kernel.b = admin\n")
                                .conf("/usr/lib/sysctl.d/70-x.conf", "kernel.b = vendor\n")
                                .conf("/usr/lib/sysctl.d/80-y.conf", "# nothing\n")
                                .build()))
                .containsEntry("persisted", "ok");
        assertThat(audit(
                        yaml,
                        anObservation()
                                .conf("/etc/sysctl.d/70-x.conf", "kernel.b = admin\n")
                                .conf("/usr/lib/sysctl.d/80-y.conf", "kernel.b = later-file\n")
                                .build()))
                .containsEntry("persisted", "drift later-file");
        assertThat(audit(
                        "  - sysctl: net.ipv4.conf.eth0.rp_filter\n    persisted: \"2\"\n",
                        anObservation()
                                .conf("/etc/sysctl.d/1.conf", "-net.ipv4.conf.*.rp_filter = 2\n")
                                .build()))
                .containsEntry("persisted", "ok");
    }

    @Test
    void userAndGroupProperties() {
        String user =
                "  - user: deploy\n    uid: 1001\n    gid: 1001\n    home: /home/deploy\n    shell: /bin/bash\n    groups: [admins]\n";
        Obs base = anObservation()
                .group("admins:x:2000:deploy")
                .group("deploy:x:1001:deploy")
                .group("sudo:x:27:");
        assertThat(audit(
                        user,
                        base.passwd("deploy:x:1001:1001::/home/deploy:/bin/bash")
                                .build()))
                .containsOnly(
                        Map.entry("ensure", "ok"),
                        Map.entry("uid", "ok"),
                        Map.entry("gid", "ok"),
                        Map.entry("home", "ok"),
                        Map.entry("shell", "ok"),
                        Map.entry("groups", "ok"));
        assertThat(audit(
                        user,
                        anObservation()
                                .group("admins:x:2000:")
                                .group("sudo:x:27:deploy,x")
                                .passwd("deploy:x:1002:27::/srv:/bin/sh")
                                .build()))
                .containsEntry("uid", "drift 1002")
                .containsEntry("gid", "drift 27")
                .containsEntry("home", "drift /srv")
                .containsEntry("shell", "drift /bin/sh")
                .containsEntry("groups", "drift []");
        assertThat(audit(user, anObservation().build()))
                .containsEntry("ensure", "drift absent")
                .containsEntry("uid", "ok");
        String group = "  - group: admins\n    gid: 2000\n";
        assertThat(audit(group, anObservation().group("admins:x:2000:").build()))
                .containsEntry("gid", "ok");
        assertThat(audit(group, anObservation().group("admins:x:2001:").build()))
                .containsEntry("gid", "drift 2001");
        assertThat(audit(group, anObservation().build())).containsEntry("ensure", "drift absent");
    }
}
