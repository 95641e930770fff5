package io.driftwarden.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.approval.Classification;
import io.driftwarden.approval.NearMiss;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.DriftCap;
import io.driftwarden.audit.HostError;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.collect.FailureKind;
import io.driftwarden.collect.HostIdentity;
import io.driftwarden.diff.Drift;
import io.driftwarden.diff.NotChecked;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import io.driftwarden.standard.Declared;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Value;
import io.driftwarden.yaml.Mark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResultCodecTest {
    static final ResourceId SSHD = ResourceId.parse("file:/etc/ssh/sshd_config").orElseThrow();

    @Test
    void aHostResultComesBackEqualWithEveryPartItCarries() {
        Host host = new Host(
                "web-1\nforged", // names are data: nothing in them is markup or a type
                Transport.IMAGE,
                null,
                22,
                "audit",
                Set.of("web", "dmz"),
                Map.of("role", "front"),
                Path.of("/srv/images/web-1"),
                "images/web-1");
        Drift content = new Drift(
                SSHD,
                "content",
                Value.of("sha256:aa"),
                Value.of("sha256:bb"),
                Value.of("PermitRootLogin no"),
                Value.of("PermitRootLogin yes"),
                "base.yaml:12",
                "driftwarden revert --host web-1",
                "--- a\n+++ b\n@@ -1 +1 @@\n-no\n+yes\n",
                "\u0000 a NUL and a \"quote\"");
        Drift groups = new Drift(
                ResourceId.parse("user:deploy").orElseThrow(),
                "groups",
                Value.list(List.of("adm", "sudo")),
                Value.list(List.of("adm")),
                Value.list(List.of("adm", "sudo")),
                Value.list(List.of("adm")),
                null,
                null,
                null,
                null);
        HostResult r = new HostResult(
                host,
                HostStatus.UNAPPROVED_DRIFT,
                new HostIdentity("web-1", "0123", "debian 12", "SHA256:xyz"),
                null,
                List.of("base", "web"),
                List.of(
                        new ClassifiedDrift(
                                content,
                                new Classification(
                                        "unapproved",
                                        "record-expired",
                                        null,
                                        List.of(),
                                        List.of(new NearMiss("CHG-9", "expired", "wrong-value", true))),
                                Instant.parse("2026-12-07T10:00:00.123456Z"),
                                null),
                        new ClassifiedDrift(
                                groups,
                                new Classification("approved", null, "CHG-1", List.of("CHG-2"), List.of()),
                                Instant.parse("2026-12-07T10:00:00Z"),
                                Instant.parse("2026-12-06T10:00:00Z"))),
                List.of(new NotChecked(SSHD, "mode", "probe-error")),
                List.of(new HostPlan.Override(
                        SSHD,
                        "mode",
                        new Declared("mode", Value.of("0600"), new Mark("web.yaml", 4, 7), false),
                        new Declared("mode", Value.of("0644"), new Mark("base.yaml", 9, 7), true))),
                List.of(new DriftCap.Elided(SSHD, "content", false, 12, List.of("CHG-3"))));

        HostResult back = ResultCodec.read(ResultCodec.write(r));

        assertThat(back).isEqualTo(r);
        HostResult failed = HostResult.failed(
                Runs.sshHost("db-1"), List.of("base"), new HostError(FailureKind.TIMEOUT, "no answer within 120s"));
        assertThat(ResultCodec.read(ResultCodec.write(failed))).isEqualTo(failed);
    }

    @Test
    void bytesThatAreNotAResultOfThisReleaseAreRefusedNotGuessed() {
        byte[] typed = "{\"@class\":\"java.lang.ProcessBuilder\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ResultCodec.read(typed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a host result of this release");
        byte[] deep = ("{\"host\":" + "[".repeat(200) + "]".repeat(200) + "}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ResultCodec.read(deep)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A plain ssh host. */
    static final class Runs {
        static Host sshHost(String name) {
            return new Host(name, Transport.SSH, "192.0.2.7", 22, "audit", Set.of(), Map.of(), null, null);
        }
    }
}
