package io.driftwarden.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import io.driftwarden.standard.ResourceParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batched stat/hash answers are attributed to exactly their own path. */
class LocalTransportTest {
    @TempDir
    Path tree;

    static Observation observe(List<FileQuery> files) {
        Host self = new Host("self", Transport.LOCAL, null, 22, "a", Set.of(), Map.of(), null, null);
        HostObservation o = new LocalTransport(Duration.ofSeconds(30))
                .observe(self, new ObservationRequest(files, List.of(), List.of(), List.of(), false, List.of(), false));
        assertThat(o).isInstanceOf(HostObservation.Observed.class);
        return ((HostObservation.Observed) o).observation();
    }

    @Test
    void aBatchedLineIsNeverTakenForAnotherPath() throws Exception {
        String missing = tree + "/etc/a";
        String lookalike = tree + "/etc/x:" + missing; // its stat line ends in ":" + missing
        Path real = Path.of(lookalike);
        Files.createDirectories(real.getParent());
        Files.writeString(real, "twelve bytes");
        Path slash = Files.writeString(tree.resolve("back\\slash"), "b");
        Path plain = Files.writeString(tree.resolve("plain"), "p");
        Observation o = observe(List.of(
                new FileQuery(missing, true, false, null),
                new FileQuery(lookalike, true, false, null),
                new FileQuery(slash.toString(), true, false, null),
                new FileQuery(plain.toString(), true, false, null)));
        assertThat(o.files().get(missing).ensure()).isEqualTo("absent");
        assertThat(o.files().get(lookalike).size()).isEqualTo(12L);
        assertThat(o.files().get(lookalike).sha256())
                .isEqualTo(ResourceParser.sha256("twelve bytes".getBytes(StandardCharsets.UTF_8)));
        assertThat(o.files().get(slash.toString()).sha256())
                .isEqualTo(ResourceParser.sha256("b".getBytes(StandardCharsets.UTF_8)));
        assertThat(o.files().get(plain.toString()).sha256())
                .isEqualTo(ResourceParser.sha256("p".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void directoriesAndUnhashedFilesCarryNoDigest() throws Exception {
        Path f = Files.writeString(tree.resolve("f"), "x");
        Observation o = observe(List.of(
                new FileQuery(tree.toString(), true, false, null), new FileQuery(f.toString(), false, false, null)));
        assertThat(o.files().get(tree.toString()).kind()).isEqualTo("directory");
        assertThat(o.files().get(tree.toString()).sha256()).isNull();
        assertThat(o.files().get(f.toString()).sha256()).isNull();
    }
}
