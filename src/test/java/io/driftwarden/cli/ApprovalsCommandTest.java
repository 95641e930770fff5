package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `approvals` over the signed demo bundle: states, static flags and who authorised what. */
class ApprovalsCommandTest {
    @BeforeAll
    static void demo() throws Exception {
        assertThat(new ProcessBuilder("sh", "test-fixtures/demo/build.sh")
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
    }

    @Test
    void listsStatesFlagsAndAuthorisation() throws Exception {
        CliRun run = CliRun.of("approvals", "--config", "test-fixtures/demo/driftwarden.yaml", "--format", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        Map<String, JsonNode> byId = new TreeMap<>();
        new ObjectMapper().readTree(run.out()).forEach(n -> byId.put(n.get("id").asText(), n));
        assertThat(byId).containsOnlyKeys("CHG-1999", "CHG-2041", "CHG-2050", "CHG-2077", "CHG-2100");
        assertThat(byId.get("CHG-1999").get("state").asText()).isEqualTo("expired");
        assertThat(byId.get("CHG-2100").get("state").asText()).isEqualTo("not-yet-valid");
        assertThat(byId.get("CHG-2041").get("flags").toString()).isEqualTo("[\"expiring\"]");
        assertThat(byId.get("CHG-2077").get("authorisation").asText()).isEqualTo("unauthorised");
        assertThat(byId.get("CHG-2050").get("authorisation").asText()).isEqualTo("authorised");
    }

    @Test
    void worksWithoutASignoffSectionAndJudgesAnotherInstant() {
        CliRun run = CliRun.of(
                "approvals",
                "--config",
                "test-fixtures/malformed/_base/driftwarden.yaml",
                "--at",
                "2026-12-01T00:00:00Z");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("CHG-1").contains("expired").contains("unknown (no signoff section)");
    }
}
