package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No report suggests {@code driftwarden revert} for a host whose transport cannot apply it (image, local). */
class ReadOnlyTransportRemedyTest {
    @TempDir
    Path dir;

    @Test
    void anImageHostsContentDriftIsPutBackByHand() throws Exception {
        ImageFleet fleet = new ImageFleet(dir, "", "");
        fleet.issue("hotfixed\n");
        CliRun json = fleet.audit("--format", "json");
        assertThat(json.exit()).isEqualTo(2);
        String remedy = new ObjectMapper()
                .readTree(json.out())
                .at("/hosts/0/drifts/0/remedy")
                .asText();
        assertThat(remedy)
                .doesNotContain("driftwarden revert")
                .contains("by hand")
                .contains("image");
        assertThat(fleet.audit().out())
                .contains("remedy: restore content by hand")
                .doesNotContain("driftwarden revert");
        assertThat(fleet.audit("--format", "html").out())
                .contains("put it back: <code>restore content by hand")
                .doesNotContain("driftwarden revert");
    }
}
