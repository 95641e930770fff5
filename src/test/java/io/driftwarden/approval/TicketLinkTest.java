package io.driftwarden.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.standard.Selector;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A record's id and ticket become a link only to http(s), the ticket percent-encoded into the template. */
class TicketLinkTest {
    static ChangeRecord record(String id, String ticket) {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        return new ChangeRecord(
                id,
                "s",
                List.of("carol@example.com"),
                t,
                t,
                t.plusSeconds(3600),
                ticket,
                null,
                Selector.all(),
                List.of(),
                id + ".yaml");
    }

    static final String TEMPLATE = "https://itsm.example.com/change/{ticket}?view=1";

    @Test
    void aTicketGoesIntoTheTemplatePercentEncoded() {
        assertThat(TicketLink.of(record("CHG-1", "INC 42/é?#&"), TEMPLATE))
                .contains("https://itsm.example.com/change/INC%2042%2F%C3%A9%3F%23%26?view=1");
        assertThat(TicketLink.of(record("CHG-1", null), TEMPLATE))
                .as("a record without a ticket links by its id")
                .contains("https://itsm.example.com/change/CHG-1?view=1");
        assertThat(TicketLink.of(record("CHG-1", "INC-42"), null)).isEmpty();
    }

    @Test
    void aUrlTicketLinksAsItIsAndNothingElseEverLinks() {
        assertThat(TicketLink.of(record("CHG-1", "https://change.example.com/CHG-1"), null))
                .contains("https://change.example.com/CHG-1");
        assertThat(TicketLink.of(record("CHG-1", "javascript:alert(1)"), null)).isEmpty();
        assertThat(TicketLink.of(record("CHG-1", "javascript:alert(1)"), TEMPLATE))
                .contains("https://itsm.example.com/change/javascript%3Aalert%281%29?view=1");
        assertThat(TicketLink.of(record("CHG-1", "file:///etc/passwd"), null)).isEmpty();
    }

    @Test
    void aTemplateIsCheckedOnce() {
        assertThat(TicketLink.problem(TEMPLATE)).isNull();
        assertThat(TicketLink.problem("ftp://x/{ticket}")).contains("https://");
        assertThat(TicketLink.problem("https://x/change")).contains("exactly once");
        assertThat(TicketLink.problem("https://x/{ticket}/{ticket}")).contains("exactly once");
        assertThat(TicketLink.problem("https://exa mple.com/{ticket}")).contains("not a valid URL");
    }
}
