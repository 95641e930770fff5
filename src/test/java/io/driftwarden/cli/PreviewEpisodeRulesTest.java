package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An {@code audit --at} preview judges episodes by the config's history rules, as the run it previews would. */
class PreviewEpisodeRulesTest {
    @TempDir
    Path dir;

    static final String RESOLVED = "resolved on the host";

    /** A drift recorded, then the host fixed: what does a preview of the next run say? */
    String previewAfterTheFix(String configExtra) throws Exception {
        ImageFleet fleet = new ImageFleet(dir, "", configExtra).mode("0600");
        assertThat(fleet.audit("--format", "json").exit()).isEqualTo(2);
        fleet.mode("0644");
        CliRun preview = fleet.audit("--format", "html", "--at", Instant.now().toString());
        assertThat(preview.err()).isEmpty();
        assertThat(preview.exit()).isZero();
        return preview.out();
    }

    @Test
    void withResolveAfterTwoOneCleanRunResolvesNothing() throws Exception {
        assertThat(previewAfterTheFix("history: {resolve_after: 2}\n"))
                .doesNotContain(RESOLVED)
                .contains("No drift appeared, was resolved or changed classification.");
    }

    /** Also: an unsigned bundle's unchanged standard did not resolve it (the preview once guessed "by standard"). */
    @Test
    void withTheDefaultOneCleanRunResolvesItOnTheHost() throws Exception {
        assertThat(previewAfterTheFix("")).contains(RESOLVED);
    }

    /** A drift recorded, fixed in a recorded run, then back: what does a preview of the next run call it? */
    String previewOfItsReturn(String configExtra) throws Exception {
        ImageFleet fleet = new ImageFleet(dir, "", configExtra).mode("0600");
        assertThat(fleet.audit("--format", "json").exit()).isEqualTo(2);
        fleet.mode("0644");
        assertThat(fleet.audit("--format", "json").exit())
                .as("fixed: the episode closes")
                .isZero();
        fleet.mode("0600");
        CliRun preview = fleet.audit("--format", "html", "--at", Instant.now().toString());
        assertThat(preview.err()).isEmpty();
        assertThat(preview.exit()).isEqualTo(2);
        return preview.out();
    }

    @Test
    void aReturnWithinTheFlapWindowIsAFlap() throws Exception {
        assertThat(previewOfItsReturn("")).contains("appeared again</strong> (flapping");
    }

    @Test
    void aReturnAfterTheConfiguredFlapWindowIsANewEpisode() throws Exception {
        assertThat(previewOfItsReturn("history: {flap_window: 0s}\n"))
                .doesNotContain("appeared again")
                .contains("<td>appeared</td>");
    }
}
