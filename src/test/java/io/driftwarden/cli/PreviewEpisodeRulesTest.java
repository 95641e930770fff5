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
}
