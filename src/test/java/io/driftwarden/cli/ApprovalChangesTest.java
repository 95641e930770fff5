package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.config.ConfigLoader;
import io.driftwarden.signoff.TestKeys;
import io.driftwarden.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change of what is approved is seen exactly once (real signatures, audits through the CLI): a record newly
 * effective, changed, refused, withdrawn or removed gives one entry in the store's approval log and is in exactly
 * one mail to the board and the reviewers; a run that changes nothing adds neither.
 */
class ApprovalChangesTest {
    @TempDir
    Path dir;

    /** The approvals mails in the outbox (the relay is down: they wait there), oldest first. */
    private static List<String> mails(SignedApprovals b) throws Exception {
        var cfg = ConfigLoader.load(b.config);
        try (Store store = Store.open(cfg.store().url())) {
            return store.tx(c -> {
                List<String> out = new ArrayList<>();
                try (var rs = c.createStatement()
                        .executeQuery("SELECT subject, text_body FROM outbox WHERE message_id LIKE '<approvals-%'"
                                + " AND message_id NOT LIKE '<approvals-source-%' ORDER BY id")) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + "\n" + rs.getString(2));
                    }
                }
                return out;
            });
        }
    }

    private static void audit(SignedApprovals b) {
        CliRun a = b.audit();
        assertThat(a.exit()).as(a.err()).isIn(0, 2);
    }

    @Test
    void eachChangeIsLoggedAndMailedOnce() throws Exception {
        SignedApprovals b = new SignedApprovals(
                dir,
                "email: {smtp: {host: 127.0.0.1, port: 9, security: none}, from: dw@example.com,"
                        + " to: [cab@example.com], reviewers: [alice@example.com]}\n");
        b.signStandard();
        audit(b); // the store starts tracking what is approved (nothing yet); its first state is no news
        assertThat(mails(b)).isEmpty();
        Path one = b.record("CHG-1");
        b.sign(b.carol, one);
        Path two = b.record("CHG-2");
        Files.writeString(two, Files.readString(two).replace("hosts: [h]", "hosts: [\"h*\"]"));
        b.sign(b.carol, two);
        b.index();
        audit(b);
        List<String> first = mails(b);
        assertThat(first)
                .singleElement()
                .satisfies(m -> assertThat(m)
                        .startsWith("[driftwarden driftwarden] approvals: 2 changes (CHG-1 effective, CHG-2 effective)")
                        .contains("CHG-1: effective")
                        .contains("record: sha256:")
                        .contains("signed by: carol@example.com " + TestKeys.fingerprint(b.carol))
                        .contains("reaches 1 host(s) today: h"));

        audit(b);
        assertThat(mails(b)).as("nothing changed: no mail").hasSize(1);

        // an edit, signed again and indexed: changed
        Files.writeString(one, Files.readString(one).replace("keep gid 5 for now", "keep gid 5 until Friday"));
        Files.delete(b.approvals.resolve("CHG-1.yaml.carol.sig"));
        b.sign(b.carol, one);
        b.index();
        audit(b);
        // the inventory grows: CHG-2 (hosts h*) now reaches 11 hosts and needs a second key
        StringBuilder inv = new StringBuilder("hosts:\n  h: {transport: image, root: root}\n");
        for (int i = 1; i <= 10; i++) {
            inv.append("  h").append(i).append(": {transport: image, root: root}\n");
        }
        Files.writeString(dir.resolve("inventory.yaml"), inv.toString());
        audit(b);
        // CHG-1 withdrawn; CHG-2 removed without a tombstone
        b.withdraw("CHG-1");
        Files.delete(two);
        Files.delete(b.approvals.resolve("CHG-2.yaml.carol.sig"));
        b.index();
        audit(b);
        audit(b);

        List<String> all = mails(b);
        assertThat(all).hasSize(4);
        assertThat(all.get(1)).startsWith("[driftwarden driftwarden] approvals: CHG-1 changed");
        assertThat(all.get(2))
                .startsWith("[driftwarden driftwarden] approvals: CHG-2 refused")
                .contains("reaches 11 host(s) today")
                .contains("broad: reaches 11 hosts, more than broad_hosts 10");
        assertThat(all.get(3))
                .startsWith("[driftwarden driftwarden] approvals: 2 changes (CHG-1 withdrawn, CHG-2 removed)");

        CliRun show = b.cli("approvals", "show", "CHG-1");
        assertThat(show.exit()).as("withdrawn: it would not take effect").isEqualTo(1);
        assertThat(show.out())
                .contains("withdrawn at")
                .contains(": effective sha256:")
                .contains(": changed sha256:")
                .contains(": withdrawn sha256:");
        var cfg = ConfigLoader.load(b.config);
        try (Store store = Store.open(cfg.store().url())) {
            var journal = io.driftwarden.store.JdbcStorage.forRuns(store).journal();
            assertThat(journal.approvalLog(null))
                    .extracting(e -> e.recordId() + " " + e.event())
                    .containsExactly(
                            "CHG-1 effective",
                            "CHG-2 effective",
                            "CHG-1 changed",
                            "CHG-2 refused",
                            "CHG-1 withdrawn",
                            "CHG-2 removed");
            assertThat(journal.verifyApprovalLog()).isEmpty();
            // the log is append-only: an entry edited behind its back breaks the chain
            store.tx(c -> c.createStatement()
                    .executeUpdate("UPDATE approval_log SET event = 'effective' WHERE record_id = 'CHG-2' AND event ="
                            + " 'refused'"));
            assertThat(journal.verifyApprovalLog()).get().asString().contains("entry 4 does not match its chain hash");
        }
    }

    @Test
    void aNewStoreTakesItsFirstRecordsAsABaselineNotAsNews() throws Exception {
        SignedApprovals b = new SignedApprovals(
                dir,
                "email: {smtp: {host: 127.0.0.1, port: 9, security: none}, from: dw@example.com,"
                        + " to: [cab@example.com]}\n");
        b.signStandard();
        b.sign(b.carol, b.record("CHG-1"));
        b.index();
        audit(b);
        assertThat(mails(b))
                .as("an installation's records are not news to its board")
                .isEmpty();
        var cfg = ConfigLoader.load(b.config);
        try (Store store = Store.open(cfg.store().url())) {
            assertThat(io.driftwarden.store.JdbcStorage.forRuns(store).journal().approvalLog(null))
                    .extracting(e -> e.recordId() + " " + e.event())
                    .containsExactly("CHG-1 effective");
        }
        b.withdraw("CHG-1");
        b.index();
        audit(b);
        assertThat(mails(b))
                .singleElement()
                .asString()
                .startsWith("[driftwarden driftwarden] approvals: CHG-1 withdrawn");
    }

    @Test
    void showSaysWhatASignerIsAboutToApprove() throws Exception {
        SignedApprovals b = new SignedApprovals(dir, "");
        b.signStandard();
        Path one = b.record("CHG-7");
        CliRun before = b.cli("approvals", "show", "CHG-7");
        assertThat(before.exit()).isEqualTo(1);
        assertThat(before.out())
                .contains("sha256 of the file you sign: sha256:")
                .contains("ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n driftwarden-approval " + one)
                .contains("allows group:root gid = 5")
                .contains("reaches 1 host(s) of the inventory today: h")
                .contains("needs 1 approver key(s) from approved_by")
                .contains("signed so far by: nobody whose signature counts");
        b.sign(b.carol, one);
        CliRun after = b.cli("approvals", "show", "CHG-7");
        assertThat(after.exit()).as(after.out()).isZero();
        assertThat(after.out()).contains("signed so far by: carol@example.com SHA256:");
        assertThat(b.cli("approvals", "show", "CHG-404").err()).contains("no record 'CHG-404' in any approvals source");
    }
}
