package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A run builds only the command it names; help and mistakes still see every command. */
class MainTest {
    private static final String[] NAMES = {"audit", "daemon", "standard", "approvals", "history", "adopt", "revert", "probe"};

    @Test
    void helpListsEveryCommandInOrder() {
        CliRun help = CliRun.of("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).containsSubsequence(NAMES);
        assertThat(Main.COMMANDS).hasSize(NAMES.length);
    }

    @Test
    void aNamedCommandRunsWithItsOwnOptionsAndNestedCommands() {
        CliRun audit = CliRun.of("audit", "--help");
        assertThat(audit.exit()).isZero();
        assertThat(audit.out()).contains("--config").doesNotContain("Commands:");
        CliRun manifest = CliRun.of("standard", "manifest", "--help");
        assertThat(manifest.exit()).isZero();
        assertThat(manifest.out()).contains("Usage: driftwarden standard manifest");
    }

    @Test
    void anUnknownCommandIsAOneLineUsageErrorThatSeesTheRealOnes() {
        CliRun typo = CliRun.of("adit", "--config", "x.yaml");
        assertThat(typo.exit()).isEqualTo(1);
        assertThat(typo.err()).startsWith("usage: ").contains("adit");
        assertThat(typo.err().lines().count()).isEqualTo(1);
    }
}
