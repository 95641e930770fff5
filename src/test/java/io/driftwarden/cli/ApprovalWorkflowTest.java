package io.driftwarden.cli;

import static io.driftwarden.cli.SignedApprovals.classification;
import static io.driftwarden.cli.SignedApprovals.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwarden.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board's path end to end with real signatures: a record signed by its approver (and the index) takes effect
 * at the next audit, with no new revision of the standard and no reviewer; a withdrawn record stays withdrawn
 * whatever is restored and whatever the store forgets.
 */
class ApprovalWorkflowTest {
    @TempDir
    Path dir;

    @Test
    void anApproverSignsARecordAndTheIndexAndTheNextAuditApproves() throws Exception {
        SignedApprovals b = new SignedApprovals(dir, "");
        b.signStandard();
        CliRun first = b.audit();
        assertThat(first.exit()).as(first.err()).isEqualTo(2);
        assertThat(classification(json(first))).isEqualTo("unapproved");
        String signoff = Files.readString(b.std.resolve("SIGNOFF"));

        // 3 a.m.: carol writes and signs CHG-1, indexes the source and signs the index; nobody else signs anything
        b.sign(b.carol, b.record("CHG-1"));
        b.index();
        b.index(); // indexed twice before the next run (a second thought): rewritten in place, no fork
        assertThat(Files.readString(b.approvals.resolve("INDEX"))).contains("serial: 1\n");

        CliRun next = b.audit();
        assertThat(next.exit()).as(next.err()).isZero();
        JsonNode r = json(next);
        assertThat(classification(r)).isEqualTo("approved");
        assertThat(r.at("/hosts/0/drifts/0/approval").asText()).isEqualTo("CHG-1");
        assertThat(r.at("/standard/serial").asLong())
                .as("no new revision of the standard")
                .isEqualTo(1);
        assertThat(Files.readString(b.std.resolve("SIGNOFF"))).isEqualTo(signoff);
        JsonNode source = r.at("/approvals/sources/0");
        assertThat(source.at("/name").asText()).isEqualTo("standards");
        assertThat(source.at("/status").asText()).isEqualTo("ok");
        assertThat(source.at("/index/serial").asLong()).isEqualTo(1);
        assertThat(source.at("/index/fork").isNull()).isTrue();
        assertThat(source.at("/index/signers/0").asText()).isEqualTo("carol@example.com");
        assertThat(r.at("/approvals/records/CHG-1/status").asText()).isEqualTo("effective");
        assertThat(r.at("/approvals/records/CHG-1/signers/0/fingerprint").asText())
                .isEqualTo(io.driftwarden.signoff.TestKeys.fingerprint(b.carol));
        assertThat(r.at("/approvals/memory").asText())
                .as("the first run kept no floor yet: its store remembered nothing")
                .isEqualTo("none");
        assertThat(json(b.audit()).at("/approvals/memory").asText()).isEqualTo("kept");

        // a record the index does not list (an old signed file copied back in, say) approves nothing
        Path copy = Files.copy(b.approvals.resolve("CHG-1.yaml"), b.approvals.resolve("CHG-9.yaml"));
        Files.writeString(copy, Files.readString(copy).replace("CHG-1", "CHG-9"));
        b.sign(b.carol, copy);
        JsonNode unlisted = json(b.audit());
        assertThat(unlisted.at("/approvals/refused/CHG-9/reason").asText()).isEqualTo("not-in-index");
        assertThat(unlisted.at("/approvals/records/CHG-1/status").asText()).isEqualTo("effective");
    }

    @Test
    void aWithdrawnRecordRestoredIsRefusedWhateverTheStoreRemembers() throws Exception {
        SignedApprovals b = new SignedApprovals(dir, "");
        b.signStandard();
        b.sign(b.carol, b.record("CHG-1"));
        b.index();
        assertThat(b.audit().exit()).isZero();
        byte[] record = Files.readAllBytes(b.approvals.resolve("CHG-1.yaml"));
        byte[] signature = Files.readAllBytes(b.approvals.resolve("CHG-1.yaml.carol.sig"));
        Path oldIndex = dir.resolve("index-1"); // the source as it was: serial 1 and its signature
        TestFiles.copyTree(b.approvals, oldIndex);

        // the board withdraws CHG-1: a signed tombstone, the record removed, the index written again and signed
        b.withdraw("CHG-1");
        Files.delete(b.approvals.resolve("CHG-1.yaml"));
        Files.delete(b.approvals.resolve("CHG-1.yaml.carol.sig"));
        b.index();
        CliRun after = b.audit();
        assertThat(after.exit()).as(after.err()).isEqualTo(2);
        assertThat(json(after).at("/approvals/sources/0/index/serial").asLong()).isEqualTo(2);

        // someone restores the record's file and its (valid) signature
        Files.write(b.approvals.resolve("CHG-1.yaml"), record);
        Files.write(b.approvals.resolve("CHG-1.yaml.carol.sig"), signature);
        assertWithdrawn(b.audit(), "kept");

        // (a) the store's H2 file is deleted: the tombstone still says so
        TestFiles.deleteTree(dir.resolve("state"));
        assertWithdrawn(b.audit(), "none");

        // (b) audit on a fresh store, and the tombstone itself pruned: the signed index still lists it
        TestFiles.deleteTree(dir.resolve("state"));
        Files.delete(b.approvals.resolve("CHG-1.withdrawn"));
        Files.delete(b.approvals.resolve("CHG-1.withdrawn.carol.sig"));
        CliRun pruned = b.audit();
        assertWithdrawn(pruned, "none");
        assertThat(json(pruned).at("/approvals/sources/0/index/pruned/0").asText())
                .isEqualTo("CHG-1.withdrawn");

        // (d) the signed index rolled back to serial 1 (which lists the record, not the tombstone): the store's
        // floor (serial 2, kept by the audit just above) refuses the whole source
        TestFiles.deleteTree(b.approvals);
        TestFiles.copyTree(oldIndex, b.approvals);
        CliRun rollback = b.audit();
        assertThat(rollback.exit()).isEqualTo(1);
        assertThat(rollback.err())
                .contains("approvals-source-error: rollback")
                .contains("serial 1 is older than the accepted serial 2")
                .contains("(withdraws nothing)");
        assertThat(b.cli("standard", "verify").out()).contains("approvals-source-error: rollback");
    }

    @Test
    void recordIdsAndTicketsLinkThroughTheTicketTemplateEscaped() throws Exception {
        SignedApprovals b =
                new SignedApprovals(dir, "approvals: {ticket_url: \"https://itsm.example.com/change/{ticket}\"}\n");
        b.signStandard();
        Path record = b.record("CHG-1");
        Files.writeString(
                record,
                Files.readString(record).replace("summary:", "ticket: \"INC 7\\\"><script>x</script>\"\nsummary:"));
        b.sign(b.carol, record);
        b.index();
        CliRun a = b.audit();
        assertThat(a.exit()).as(a.err()).isZero();
        String url = "https://itsm.example.com/change/INC%207%22%3E%3Cscript%3Ex%3C%2Fscript%3E";
        assertThat(json(a).at("/approvals/records/CHG-1/url").asText()).isEqualTo(url);
        String html = Files.readString(dir.resolve("reports/latest.html"));
        assertThat(html)
                .contains("<a href=\"" + url + "\"><code>CHG-1</code></a>")
                .contains("ticket <a href=\"" + url + "\">INC 7&quot;&gt;&lt;script&gt;x&lt;/script&gt;</a>")
                .doesNotContain("<script>x");
        Files.writeString(b.config, Files.readString(b.config).replace("https://itsm", "javascript://itsm"));
        assertThat(b.audit().err()).contains("approvals.ticket_url: must start with https:// or http://");
    }

    @Test
    void aRecordFoundSelfApprovedApprovesNothingUnderRefuse() throws Exception {
        SignedApprovals b = new SignedApprovals(dir, ", self_approved: refuse", "");
        b.signStandard();
        b.sign(b.carol, b.record("CHG-1"));
        b.index();
        JsonNode first = json(b.audit());
        assertThat(classification(first)).isEqualTo("approved");
        // a run found carol to be the probable actor of the drift CHG-1 approves (possible actors are looked up over
        // SSH; here the finding is put in the store as that run would)
        String sha = first.at("/approvals/records/CHG-1/sha256").asText();
        try (var store = io.driftwarden.store.Store.open(
                io.driftwarden.config.ConfigLoader.load(b.config).store().url())) {
            io.driftwarden.store.JdbcStorage.forRuns(store)
                    .journal()
                    .keepSelfApproved(java.util.Map.of("CHG-1", sha), java.time.Instant.now());
        }
        CliRun next = b.audit();
        assertThat(next.exit()).isEqualTo(2);
        JsonNode r = json(next);
        assertThat(classification(r)).isEqualTo("unapproved");
        assertThat(r.at("/approvals/refused/CHG-1/reason").asText()).isEqualTo("self-approved");
        // a new version, signed again by another approver, is judged again
        Path record = b.approvals.resolve("CHG-1.yaml");
        Files.writeString(
                record,
                Files.readString(record).replace("[carol@example.com]", "[carol@example.com, dave@example.com]"));
        Files.delete(b.approvals.resolve("CHG-1.yaml.carol.sig"));
        b.sign(b.dave, record);
        b.index();
        assertThat(classification(json(b.audit()))).isEqualTo("approved");
    }

    private static void assertWithdrawn(CliRun run, String memory) throws Exception {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        JsonNode r = json(run);
        assertThat(classification(r)).isEqualTo("unapproved");
        assertThat(r.at("/approvals/withdrawn").toString()).isEqualTo("[\"CHG-1\"]");
        assertThat(r.at("/approvals/records/CHG-1/status").asText()).isEqualTo("withdrawn");
        assertThat(r.at("/approvals/memory").asText()).isEqualTo(memory);
    }
}
