package io.driftwarden.report;

import static io.driftwarden.audit.Runs.drift;
import static io.driftwarden.audit.Runs.hour;
import static io.driftwarden.audit.Runs.ok;
import static io.driftwarden.audit.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.RunReport;
import io.driftwarden.audit.Runs;
import io.driftwarden.history.RevisionChanges;
import io.driftwarden.history.RunHistory;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON report carries the changes since the previous run that the HTML report shows first. */
class JsonEventsTest {
    static JsonNode events(RunHistory before, AuditResult r) throws Exception {
        RunHistory.Step step = before.advance(r, Set.of("web-1", "web-2"), true, Runs.DAY, RevisionChanges.UNKNOWN);
        RunReport report = RunReport.of(Runs.shown(step, r), step.events(), List.of(), ZoneId.of("UTC"));
        JsonNode root = new ObjectMapper().readTree(JsonReport.WRITER.render(report));
        assertThat(root.get("schema").asText()).isEqualTo("driftwarden.report/v1");
        return root.get("events");
    }

    @Test
    void eachEventNamesItsDriftKindAndDetail() throws Exception {
        RunHistory h = RunHistory.EMPTY
                .advance(
                        run(
                                "a",
                                hour(0),
                                "r1",
                                ok("web-1", drift("file:/etc/a", "0644")),
                                ok("web-2", drift("file:/etc/b", "0600"))),
                        Set.of("web-1", "web-2"),
                        true,
                        Runs.DAY,
                        RevisionChanges.UNKNOWN)
                .next();
        JsonNode events = events(h, run("b", hour(1), "r1", ok("web-1", drift("file:/etc/a", "0666")), ok("web-2")));
        assertThat(events).hasSize(2);
        assertThat(events.get(0).toString())
                .isEqualTo(
                        "{\"event\":\"value_changed\",\"host\":\"web-1\",\"resource\":"
                                + "\"file:/etc/a\",\"property\":\"mode\",\"classification\":\"unapproved\",\"detail\":\"0644\"}");
        assertThat(events.get(1).get("event").asText()).isEqualTo("resolved");
        assertThat(events.get(1).get("host").asText()).isEqualTo("web-2");
        assertThat(events.get(1).get("detail").asText()).isEqualTo("host");
    }

    @Test
    void aResultWithoutHistoryHasAnEmptyList() throws Exception {
        String json = JsonReport.WRITER.render(RunReport.of(run("a", hour(0), "r1", ok("web-1"))));
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("events").isArray()).isTrue();
        assertThat(root.get("events")).isEmpty();
        assertThat(json)
                .as("the addition comes last, after what v1 readers already know")
                .endsWith("\"events\" : [ ]\n}\n");
    }
}
