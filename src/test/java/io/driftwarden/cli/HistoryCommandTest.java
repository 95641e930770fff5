package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code history --host}: a host the inventory does not know is an error, not a clean history. */
class HistoryCommandTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownHostIsAOneLineErrorNamingItAndTheInventory() throws Exception {
        ImageFleet fleet = new ImageFleet(dir, "", "");
        CliRun run = CliRun.of("history", "--config", fleet.config().toString(), "--host", "web-l");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines())
                .singleElement()
                .isEqualTo("--host: no host 'web-l' in "
                        + dir.resolve("inventory.yaml").toAbsolutePath().normalize());
    }

    @Test
    void aKnownHostWithoutEpisodesSaysSo() throws Exception {
        ImageFleet fleet = new ImageFleet(dir, "", "");
        CliRun run = CliRun.of("history", "--config", fleet.config().toString(), "--host", "web-1");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("no drift episodes for web-1\n");
    }

    @Test
    void aHostThatLeftTheInventoryKeepsItsHistory() throws Exception {
        ImageFleet fleet = new ImageFleet(dir, "", "").mode("0600");
        assertThat(fleet.audit().exit()).isEqualTo(2);
        java.nio.file.Files.writeString(
                dir.resolve("inventory.yaml"), "hosts:\n  web-2: {transport: image, root: roots/web-1}\n");
        assertThat(fleet.audit().exit()).isEqualTo(2);
        CliRun run = CliRun.of("history", "--config", fleet.config().toString(), "--host", "web-1");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("file:/etc/motd mode: unapproved (resolved by inventory");
    }
}
