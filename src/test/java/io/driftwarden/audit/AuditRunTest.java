package io.driftwarden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.collect.FailureKind;
import io.driftwarden.collect.HostObservation;
import io.driftwarden.collect.HostTransport;
import io.driftwarden.collect.ImageTransport;
import io.driftwarden.diff.ContentHasher;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.diff.Sensitivity;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import io.driftwarden.standard.Declared;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.ResourceType;
import io.driftwarden.standard.Selector;
import io.driftwarden.standard.Standard;
import io.driftwarden.standard.Value;
import io.driftwarden.yaml.Mark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One host's failure never stops a run, and a transport that never answers costs only its own deadline. */
class AuditRunTest {
    @TempDir
    Path root;

    @Test
    void aHungTransportFailsItsHostAsTimeoutAndTheOthersAreAudited() throws Exception {
        Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("group"), "root:x:0:\n");
        CountDownLatch never = new CountDownLatch(1);
        HostTransport hangsOnLocal = (host, req) -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new HostObservation.Failed(FailureKind.PROBE, "interrupted");
        };
        Resource group = new Resource(
                new ResourceId(ResourceType.GROUP, "root"),
                Map.of(
                        "gid",
                        new Declared("gid", Value.of("0"), new Mark("s.yaml", 4, 5), false),
                        "ensure",
                        new Declared("ensure", Value.of("present"), new Mark("s.yaml", 3, 5), true)),
                null,
                null,
                "s",
                new Mark("s.yaml", 3, 5));
        Standard s = new Standard("s", "s.yaml", "", Selector.all(), List.of(group));
        Host stuck = new Host("stuck", Transport.LOCAL, null, 22, "a", Set.of(), Map.of(), null, null);
        Host fine = new Host("fine", Transport.IMAGE, null, 22, "a", Set.of(), Map.of(), root, "root");
        AuditRun.Inputs in = new AuditRun.Inputs(
                "t",
                List.of(s),
                List.of(),
                List.of(stuck, fine),
                Map.of(Transport.LOCAL, hangsOnLocal, Transport.IMAGE, new ImageTransport()),
                new DiffEngine(new Sensitivity(List.of()), new ContentHasher(new byte[32])),
                StandardInfo.unsignedRun(),
                io.driftwarden.approval.RecordVerdicts.NONE,
                Duration.ofDays(7),
                4,
                Duration.ofMillis(100));

        long t0 = System.nanoTime();
        Findings r = new AuditRun(in, Clock.systemUTC()).run(h -> true, null, "run");
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;

        assertThat(r.hosts())
                .extracting(h -> h.host().name() + " " + h.status().label())
                .containsExactly("fine compliant", "stuck failed");
        assertThat(r.hosts().get(1).error().kind()).isEqualTo(io.driftwarden.collect.FailureKind.TIMEOUT);
        assertThat(seconds).as("the stuck host costs its own deadline only").isLessThan(30);
        assertThat(r.exitCode()).isEqualTo(4);
    }
}
