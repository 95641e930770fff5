package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A run builds only the command it names; help and mistakes still see every command. Help goes to stdout and
 * exits 0; a usage mistake is one line on stderr naming the help to read, and exits 1 (section 7).
 */
class MainTest {
    private static final String[] NAMES = {
        "audit", "daemon", "standard", "approvals", "history", "adopt", "revert", "probe"
    };

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
        assertThat(typo.err()).startsWith("usage: ").contains("adit").contains("Try 'driftwarden help'.");
        assertThat(typo.err().lines().count()).isEqualTo(1);
        assertThat(typo.out()).isEmpty();
    }

    @Test
    void helpAloneIsTheTopLevelUsageOnStdout() {
        CliRun help = CliRun.of("help");
        assertThat(help.exit()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out())
                .startsWith("Usage: driftwarden [-hV] COMMAND")
                .containsSubsequence(NAMES)
                .isEqualTo(CliRun.of("--help").out());
    }

    @Test
    void helpNamesACommand() {
        CliRun help = CliRun.of("help", "audit");
        assertThat(help.exit()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out())
                .startsWith("Usage: driftwarden audit")
                .contains("--hosts")
                .isEqualTo(CliRun.of("audit", "--help").out());
    }

    @Test
    void helpNamesANestedCommand() {
        CliRun help = CliRun.of("help", "standard", "capture");
        assertThat(help.exit()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out())
                .startsWith("Usage: driftwarden standard capture")
                .contains("--host")
                .isEqualTo(CliRun.of("standard", "capture", "--help").out())
                .isEqualTo(CliRun.of("standard", "help", "capture").out());
        CliRun group = CliRun.of("help", "standard");
        assertThat(group.exit()).isZero();
        assertThat(group.out())
                .startsWith("Usage: driftwarden standard [-hV] COMMAND")
                .containsSubsequence("manifest", "verify", "diff", "capture");
    }

    @Test
    void helpForAnUnknownCommandIsAUsageMistake() {
        for (String[] args :
                new String[][] {{"help", "adit"}, {"help", "standard", "captur"}, {"help", "adit", "capture"}}) {
            CliRun help = CliRun.of(args);
            assertThat(help.exit()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(help.out()).as(String.join(" ", args)).isEmpty();
            assertThat(help.err())
                    .as(String.join(" ", args))
                    .startsWith("usage: Unknown subcommand '")
                    .contains(args[args.length - 1].equals("captur") ? "'captur'" : "'adit'");
            assertThat(help.err().lines().count()).isEqualTo(1);
        }
        assertThat(CliRun.of("help", "standard", "captur").err()).endsWith("Try 'driftwarden help standard'.\n");
    }

    @Test
    void everyCommandsHelpListsTheExitCodesOfSection7() {
        for (String[] args : new String[][] {
            {"--help"},
            {"audit", "--help"},
            {"standard", "verify", "--help"},
            {"revert", "--help"},
            {"help", "standard", "capture"}
        }) {
            String out = CliRun.of(args).out();
            assertThat(out).as(String.join(" ", args)).contains("Exit codes:\n");
            String codes = out.substring(out.indexOf("Exit codes:\n"));
            for (var code : Main.EXIT_CODES.entrySet()) {
                assertThat(codes)
                        .as(String.join(" ", args))
                        .containsPattern("(?m)^  " + code.getKey() + " +"
                                + java.util.regex.Pattern.quote(code.getValue().substring(0, 12)));
            }
        }
        assertThat(Main.EXIT_CODES).containsOnlyKeys("0", "1", "2", "4", "6");
        assertThat(Main.EXIT_CODES.get("1")).contains("usage");
    }

    @Test
    void aGroupWithoutItsSubcommandIsAUsageMistake() {
        CliRun standard = CliRun.of("standard");
        assertThat(standard.exit()).isEqualTo(1);
        assertThat(standard.out()).isEmpty();
        assertThat(standard.err()).isEqualTo("usage: Missing required subcommand. Try 'driftwarden help standard'.\n");
        CliRun root = CliRun.of();
        assertThat(root.exit()).as("the root is a group too").isEqualTo(1);
        assertThat(root.out()).isEmpty();
        assertThat(root.err()).isEqualTo("usage: Missing required subcommand. Try 'driftwarden help'.\n");
    }

    @Test
    void anUnknownOptionIsAUsageMistakeNamingTheCommandsHelp() {
        CliRun audit = CliRun.of("audit", "--bogus");
        assertThat(audit.exit()).isEqualTo(1);
        assertThat(audit.out()).isEmpty();
        assertThat(audit.err()).isEqualTo("usage: Unknown option: '--bogus'. Try 'driftwarden help audit'.\n");
        CliRun capture = CliRun.of("standard", "capture", "--config", "x.yaml");
        assertThat(capture.exit()).as("a missing required option").isEqualTo(1);
        assertThat(capture.out()).isEmpty();
        assertThat(capture.err())
                .startsWith("usage: Missing required option: '--host=<host>'.")
                .endsWith(" Try 'driftwarden help standard capture'.\n");
    }
}
