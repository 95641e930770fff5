package io.driftwarden.run;

import static io.driftwarden.audit.Runs.drift;
import static io.driftwarden.audit.Runs.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.approval.RecordVerdict;
import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.audit.Actor;
import io.driftwarden.audit.ClassifiedDrift;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The report's self-approved flag from the run's possible actors and the records' counted approvers. */
class SelfApprovedRecordsTest {
    static RecordVerdicts signedBy(String principal) {
        RecordVerdict v = new RecordVerdict(
                "CHG-1",
                "standards",
                "approvals/CHG-1.yaml",
                "sha256:x",
                RecordVerdict.Status.EFFECTIVE,
                null,
                List.of(),
                List.of(new RecordVerdict.Signer(principal, "SHA256:k")),
                1,
                List.of(),
                null);
        return new RecordVerdicts(List.of(v), List.of(), true, Set.of(), true);
    }

    static ClassifiedDrift approvedBy(String... users) {
        ClassifiedDrift d = drift("file:/etc/motd", "mode", "0600", "approved", "base.yaml");
        return d.withActors(List.of(users).stream()
                .map(u -> new Actor("sudo", u, Instant.parse("2026-12-07T02:00:00Z"), "COMMAND=/bin/chmod", "journal"))
                .toList());
    }

    @Test
    void anApproverWhoIsTheProbableActorFlagsTheRecord() {
        assertThat(SelfApprovedRecords.of(
                        List.of(ok("web-1", approvedBy("carol"))), signedBy("carol@example.com"), Map.of()))
                .containsExactly("CHG-1");
        assertThat(SelfApprovedRecords.of(
                        List.of(ok("web-1", approvedBy("bob"))), signedBy("carol@example.com"), Map.of()))
                .isEmpty();
        assertThat(SelfApprovedRecords.of(
                        List.of(ok("web-1", approvedBy("cbrown"))),
                        signedBy("carol@example.com"),
                        Map.of("carol@example.com", List.of("cbrown"))))
                .containsExactly("CHG-1");
        assertThat(SelfApprovedRecords.of(
                        List.of(ok("web-1", drift("file:/etc/motd", "0600"))), signedBy("carol@example.com"), Map.of()))
                .as("an unapproved drift, no actors")
                .isEmpty();
        assertThat(SelfApprovedRecords.of(List.of(ok("web-1", approvedBy("carol"))), RecordVerdicts.NONE, Map.of()))
                .as("no counted approver (unsigned mode)")
                .isEmpty();
    }
}
