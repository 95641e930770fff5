package io.driftwarden.actors;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.audit.Actor;
import io.driftwarden.report.Redactor;
import io.driftwarden.standard.ResourceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Log texts in the formats Debian writes them, read into ranked, redacted possible actors. */
class PossibleActorsTest {
    static final Instant FROM = Instant.parse("2026-11-23T13:00:00Z");
    static final Instant TO = Instant.parse("2026-11-23T14:00:30Z");

    static final String SUDO_LOG = """
            Nov 23 12:59:59 : ops-alice : TTY=pts/0 ; PWD=/home/ops-alice ; USER=root ;
                COMMAND=/usr/bin/chmod 0666 /etc/dw-app.conf
            Nov 23 13:20:01 : ops-alice : TTY=unknown ; PWD=/home/ops-alice ; USER=root ;
                COMMAND=/usr/bin/sed -i s/workers=4/workers=16/ /etc/dw-app.conf
            Nov 23 13:25:00 : bob : TTY=pts/1 ; PWD=/root ; USER=root ; COMMAND=/usr/bin/vim /etc/dw-app.conf.bak
            Nov 23 13:30:00 : dw-enforce : TTY=unknown ; PWD=/ ; USER=root ; COMMAND=/bin/sh -s
            Nov 23 13:31:00 : carol : TTY=pts/2 ; PWD=/root ; USER=root ; COMMAND=/usr/bin/mysql -u app -pS3cret --password hunter2
            """;
    static final String AUTH_LOG = """
            2026-11-23T14:20:03.123456+01:00 dw sudo: ops-alice : TTY=unknown ; PWD=/home/ops-alice ; USER=root ; COMMAND=/usr/bin/apt-get remove -y tree
            2026-11-23T13:10:00.000000+00:00 dw sshd[411]: Accepted publickey for ops-alice from 192.0.2.7 port 50000 ssh2: ED25519 SHA256:x
            2026-11-23T13:11:00.000000+00:00 dw sshd[412]: Accepted publickey for audit from 192.0.2.1 port 50001 ssh2: ED25519 SHA256:y
            2026-11-23T13:29:59.000000+00:00 dw sshd[413]: Accepted publickey for dw-enforce from 192.0.2.9 port 50002 ssh2: ED25519 SHA256:z
            """;
    static final String JOURNAL = """
            2026-11-23T13:20:01+0100 dw sudo[900]: ops-alice : TTY=unknown ; PWD=/home/ops-alice ; USER=root ; COMMAND=/usr/bin/sed -i s/workers=4/workers=16/ /etc/dw-app.conf
            """;
    static final String DPKG_LOG = """
            2026-11-23 14:20:05 remove tree:amd64 2.1.0-1 <none>
            2026-11-23 14:20:05 status half-installed tree:amd64 2.1.0-1
            """;
    static final String HISTORY = """
            Start-Date: 2026-11-23  14:20:04
            Commandline: apt-get remove -y tree
            Requested-By: ops-alice (1600)
            Remove: tree:amd64 (2.1.0-1)
            End-Date: 2026-11-23  14:20:05

            Start-Date: 2026-11-20  10:00:00
            Commandline: apt-get install tree
            Install: tree:amd64 (2.1.0-1)
            End-Date: 2026-11-20  10:00:05
            """;

    static ActorScript.HostLogs logs() {
        // dpkg and apt log in local time: this host is at +01:00
        byte[] out = ("C 1795438830 +0100\n"
                        + "F " + hex("/etc/dw-app.conf") + " 1795438801 1795438801\n"
                        + "B /var/log/sudo.log " + hex(SUDO_LOG) + "\n"
                        + "B /var/log/auth.log " + hex(AUTH_LOG) + "\n"
                        + "B journal " + hex(JOURNAL) + "\n"
                        + "B /var/log/dpkg.log " + hex(DPKG_LOG) + "\n"
                        + "B /var/log/apt/history.log " + hex(HISTORY) + "\n"
                        + "END\n")
                .getBytes(StandardCharsets.US_ASCII);
        return ActorScript.parse(out);
    }

    static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSudoCommandNamingThePathRanksFirstAndOwnSessionsAreLeftOut() {
        ActorScript.HostLogs l = logs();
        assertThat(l.complete()).isTrue();
        assertThat(l.offset()).isEqualTo(ZoneOffset.ofHours(1));
        List<LogEvents.Event> events = LogEvents.of(l, TO);
        // sudo.log is in the host's local time (+01:00): 13:20:01 local is 12:20:01Z, before the window
        List<Actor> a = PossibleActors.rank(
                ResourceId.parse("file:/etc/dw-app.conf").orElseThrow(),
                Instant.parse("2026-11-23T12:00:00Z"),
                TO,
                events,
                l.files().get("/etc/dw-app.conf"),
                Set.of("audit"));
        assertThat(a)
                .extracting(Actor::kind, Actor::user)
                .startsWith(org.assertj.core.groups.Tuple.tuple("sudo", "ops-alice"));
        assertThat(a.get(0).detail()).isEqualTo("COMMAND=/usr/bin/sed -i s/workers=4/workers=16/ /etc/dw-app.conf");
        assertThat(a).extracting(Actor::user).doesNotContain("audit", "dw-enforce");
        assertThat(a)
                .extracting(Actor::detail)
                .as("the line from sudo.log and the journal counts once")
                .containsOnlyOnce("COMMAND=/usr/bin/sed -i s/workers=4/workers=16/ /etc/dw-app.conf");
        assertThat(a).extracting(Actor::detail).noneMatch(d -> d.contains("dw-app.conf.bak") && d.contains("100"));
        assertThat(a)
                .extracting(Actor::detail)
                .filteredOn(d -> d.contains("mysql"))
                .singleElement()
                .isEqualTo("COMMAND=/usr/bin/mysql -u app -p**** --password ****");
        assertThat(a).hasSizeLessThanOrEqualTo(PossibleActors.MAX);
    }

    @Test
    void aRemovedPackageIsNamedBySudoThenAptsRequestedByThenDpkg() {
        ActorScript.HostLogs l = logs();
        List<Actor> a = PossibleActors.rank(
                ResourceId.parse("package:tree").orElseThrow(), FROM, TO, LogEvents.of(l, TO), null, Set.of("audit"));
        assertThat(a)
                .extracting(Actor::kind, Actor::user)
                .containsSubsequence(
                        org.assertj.core.groups.Tuple.tuple("sudo", "ops-alice"),
                        org.assertj.core.groups.Tuple.tuple("apt", "ops-alice"),
                        org.assertj.core.groups.Tuple.tuple("dpkg", null));
        assertThat(a.get(1).detail()).isEqualTo("Commandline: apt-get remove -y tree; Remove: tree:amd64 (2.1.0-1)");
        assertThat(a.get(1).at()).as("history.log is local time").isEqualTo(Instant.parse("2026-11-23T13:20:04Z"));
        assertThat(a)
                .extracting(Actor::detail)
                .as("the install of 3 days ago is outside the window")
                .noneMatch(d -> d.contains("apt-get install"));
    }

    @Test
    void nothingInTheWindowMeansNoActor() {
        List<Actor> a = PossibleActors.rank(
                ResourceId.parse("file:/etc/other.conf").orElseThrow(),
                Instant.parse("2026-11-24T00:00:00Z"),
                Instant.parse("2026-11-24T01:00:00Z"),
                LogEvents.of(logs(), TO),
                null,
                Set.of());
        assertThat(a).isEmpty();
    }

    @Test
    void anEventInTheSameSecondAsTheLastCleanRunIsInTheWindow() {
        // sudo logs whole seconds: 13:20:01 local (+01:00) may be after a clean run that started at 12:20:01.700Z
        List<Actor> a = PossibleActors.rank(
                ResourceId.parse("file:/etc/dw-app.conf").orElseThrow(),
                Instant.parse("2026-11-23T12:20:01.700Z"),
                Instant.parse("2026-11-23T12:30:00Z"),
                LogEvents.of(logs(), TO),
                null,
                Set.of());
        assertThat(a)
                .extracting(Actor::detail)
                .first()
                .isEqualTo("COMMAND=/usr/bin/sed -i s/workers=4/workers=16/ /etc/dw-app.conf");
    }

    @Test
    void theFilesOwnTimesSayWhenEvenWithoutALogLine() {
        Instant m = Instant.parse("2026-11-23T13:40:00Z");
        List<Actor> a = PossibleActors.rank(
                ResourceId.parse("file:/etc/x.conf").orElseThrow(),
                FROM,
                TO,
                List.of(),
                new ActorScript.FileTimes(m, m.plusSeconds(5)),
                Set.of());
        assertThat(a)
                .extracting(Actor::kind, Actor::user, Actor::at, Actor::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "file-times", null, m.plusSeconds(5), "inode changed (owner, mode or content)"),
                        org.assertj.core.groups.Tuple.tuple("file-times", null, m, "content modified"));
        assertThat(PossibleActors.rank(
                        ResourceId.parse("file:/etc/x.conf").orElseThrow(),
                        FROM,
                        TO,
                        List.of(),
                        new ActorScript.FileTimes(FROM.minusSeconds(60), FROM.minusSeconds(60)),
                        Set.of()))
                .as("before the window")
                .isEmpty();
    }

    @Test
    void wrappedSudoLinesAreJoined() {
        assertThat(LogEvents.joinWrapped("a : b ;\n    COMMAND=/x y\nc")).containsExactly("a : b ; COMMAND=/x y", "c");
    }

    @Test
    void pathsAndPackagesAreNamedAsWholeWords() {
        assertThat(PossibleActors.mentions("COMMAND=/usr/bin/vim /etc/dw-app.conf.bak", "/etc/dw-app.conf"))
                .isFalse();
        assertThat(PossibleActors.mentions("COMMAND=/usr/bin/vim /etc/dw-app.conf", "/etc/dw-app.conf"))
                .isTrue();
        assertThat(PossibleActors.mentions("apt-get remove treeview", "tree")).isFalse();
        assertThat(PossibleActors.mentions("apt-get remove tree", "tree")).isTrue();
        assertThat(PossibleActors.mentions("sed -i s/0/1/ /etc/sysctl.d/60-net.conf", "/etc/sysctl.d/"))
                .isTrue();
    }

    @Test
    void theRedactorMasksSecretsAndKeepsTheRest() {
        assertThat(Redactor.redact("curl -H 'Authorization: Bearer abc.def.ghi' https://u:pw@example.com/x"))
                .isEqualTo("curl -H 'Authorization: **** https://u:****@example.com/x");
        assertThat(Redactor.redact("COMMAND=/usr/bin/passwd alice")).isEqualTo("COMMAND=/usr/bin/passwd alice");
        assertThat(Redactor.redact("export API_TOKEN=xyz123 DB_PASSWORD='a b'"))
                .isEqualTo("export API_TOKEN=**** DB_PASSWORD=****");
        assertThat(Redactor.redact(Map.of("k", "v").toString())).isEqualTo("{k=v}");
    }
}
