package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.store.Store;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reverted hotfix re-applied (a flap) and a hotfix changed again (a new live value) are news under
 * {@code email.policy: changes}, and the JSON report marks the flap. SMTP is down (a closed port): what each run
 * queued stays in the outbox, which is what this reads.
 */
class FlapNewsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void flapsAndNewValuesAreMailedAndTheReportMarksTheFlap() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ImageFleet fleet = new ImageFleet(
                dir,
                "",
                "email: {smtp: {host: 127.0.0.1, port: " + closed + ", security: smtps},"
                        + " from: driftwarden@example.com, to: [cab@example.com], policy: changes, timeout: 2s}\n");
        List<JsonNode> runs = new ArrayList<>();
        for (String mode : new String[] {"0600", "0640", "0644", "0600", "0640", "0640"}) {
            CliRun run = fleet.mode(mode).audit("--format", "json");
            assertThat(run.exit()).as(mode).isIn(0, 2);
            runs.add(JSON.readTree(run.out()));
        }
        JsonNode first = drift(runs.get(0));
        assertThat(first.get("flapped").asBoolean()).isFalse();
        assertThat(first.get("previous_closed_at").isNull()).isTrue();
        Instant closedAt = Instant.parse(runs.get(2).get("started_at").asText());
        for (int reopened :
                new int[] {3, 4}) { // the reopening run, and the next one (history read back from the store)
            JsonNode d = drift(runs.get(reopened));
            assertThat(d.get("flapped").asBoolean()).as("run %d", reopened).isTrue();
            assertThat(Instant.parse(d.get("previous_closed_at").asText()))
                    .as("run %d (the store rounds to microseconds)", reopened)
                    .isCloseTo(closedAt, within(1, ChronoUnit.MILLIS));
        }

        List<String> mailed = reportMails(fleet);
        assertThat(mailed)
                .as("appeared, new value, resolved, appeared again, new value again; not the quiet last run")
                .containsExactly(id(runs, 0), id(runs, 1), id(runs, 2), id(runs, 3), id(runs, 4));
    }

    static JsonNode drift(JsonNode report) {
        return report.at("/hosts/0/drifts/0");
    }

    static String id(List<JsonNode> runs, int i) {
        return runs.get(i).get("run_id").asText();
    }

    static List<String> reportMails(ImageFleet fleet) throws Exception {
        try (Store store = Store.open(ConfigLoader.load(fleet.config()).store().url())) {
            return store.tx(c -> {
                List<String> out = new ArrayList<>();
                try (var rs = c.createStatement()
                        .executeQuery("SELECT run_id FROM outbox WHERE kind = 'report' ORDER BY id")) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            });
        }
    }
}
