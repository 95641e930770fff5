package io.driftwarden.cli;

import static io.driftwarden.cli.SignedApprovals.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that reach far need two approver keys (real {@code ssh-keygen -Y sign}): fleet-wide, more hosts than
 * {@code broad_hosts}, open-ended, any property, or a protected resource; with {@code protected: refuse} a record
 * naming a protected resource approves nothing however many keys sign it.
 */
class BroadRecordTest {
    @TempDir
    Path dir;

    /** Twelve hosts (h, h1..h11), one image root: more than the default broad_hosts of 10. */
    private SignedApprovals bundle(String signoffExtra) throws Exception {
        SignedApprovals b = new SignedApprovals(dir, signoffExtra, "");
        StringBuilder inv = new StringBuilder("hosts:\n  h: {transport: image, root: root}\n");
        for (int i = 1; i <= 11; i++) {
            inv.append("  h").append(i).append(": {transport: image, root: root}\n");
        }
        Files.writeString(dir.resolve("inventory.yaml"), inv.toString());
        b.signStandard();
        return b;
    }

    private static Path record(SignedApprovals b, String id, String appliesTo, String allow) throws Exception {
        Files.createDirectories(b.approvals);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return Files.writeString(
                b.approvals.resolve(id + ".yaml"),
                "id: " + id + "\nsummary: s\n"
                        + "approved_by: [carol@example.com, dave@example.com]\napproved_at: " + now.minusSeconds(60)
                        + "\nexpires: " + now.plus(20, ChronoUnit.HOURS) + "\napplies_to: " + appliesTo + "\n" + allow);
    }

    private static final String GID = "allow:\n  - resource: group:root\n    property: gid\n    value: \"5\"\n";

    private static JsonNode audit(SignedApprovals b) throws Exception {
        CliRun a = b.audit();
        assertThat(a.exit()).as(a.err()).isIn(0, 2);
        return json(a).at("/approvals");
    }

    @Test
    void aSingleKeyIsNotEnoughForABroadRecordTwoAre() throws Exception {
        SignedApprovals b = bundle("");
        Path fleet = record(b, "CHG-FLEET", "{hosts: [\"*\"]}", GID);
        Path many = record(b, "CHG-MANY", "{hosts: [\"h*\"]}", GID);
        Path open = record(b, "CHG-OPEN", "{hosts: [h]}", "allow:\n  - resource: group:root\n    property: gid\n");
        Path any = record(b, "CHG-ANY", "{hosts: [h]}", "resources: [\"group:root\"]\n");
        Path narrow = record(b, "CHG-NARROW", "{hosts: [h, h1]}", GID);
        for (Path p : new Path[] {fleet, many, open, any, narrow}) {
            b.sign(b.carol, p);
        }
        b.index();
        JsonNode one = audit(b);
        assertThat(one.at("/refused/CHG-FLEET/problem").asText())
                .contains("signed by 1 of its approvers' keys, 2 required")
                .contains("broad: fleet-wide");
        assertThat(one.at("/refused/CHG-MANY/problem").asText()).contains("reaches 12 hosts, more than broad_hosts 10");
        assertThat(one.at("/refused/CHG-OPEN/problem").asText()).contains("open-ended");
        assertThat(one.at("/refused/CHG-ANY/problem").asText()).contains("any property (resources:)");
        assertThat(one.at("/unauthorised").toString())
                .isEqualTo("[\"CHG-ANY\",\"CHG-FLEET\",\"CHG-MANY\",\"CHG-OPEN\"]");
        assertThat(one.at("/records/CHG-NARROW/status").asText()).isEqualTo("effective");
        assertThat(one.at("/records/CHG-NARROW/quorum").asInt()).isEqualTo(1);

        for (Path p : new Path[] {fleet, many, open, any}) {
            b.sign(b.dave, p); // a second approver key
        }
        JsonNode two = audit(b);
        assertThat(two.at("/unauthorised").toString()).isEqualTo("[]");
        assertThat(two.at("/records/CHG-FLEET/status").asText()).isEqualTo("effective");
        assertThat(two.at("/records/CHG-FLEET/quorum").asInt()).isEqualTo(2);
        assertThat(two.at("/records/CHG-MANY/signers").size()).isEqualTo(2);
    }

    @Test
    void aProtectedResourceNeedsTwoKeysOrIsRefusedOutright() throws Exception {
        SignedApprovals b = bundle("");
        String sshd = "allow:\n  - resource: file:/etc/ssh/sshd_config\n    property: mode\n    value: \"0600\"\n";
        Path p = record(b, "CHG-SSHD", "{hosts: [h]}", sshd);
        b.sign(b.carol, p);
        b.index();
        assertThat(audit(b).at("/refused/CHG-SSHD/problem").asText())
                .contains("2 required")
                .contains("protected: file:/etc/ssh/sshd_config");
        b.sign(b.dave, p);
        assertThat(audit(b).at("/records/CHG-SSHD/status").asText()).isEqualTo("effective");

        // the same, under signoff.protected: refuse
        Files.writeString(
                b.config,
                Files.readString(b.config)
                        .replace("required: 1}", "required: 1, protected: refuse, broad_approvals_required: 3}"));
        JsonNode refused = audit(b);
        assertThat(refused.at("/refused/CHG-SSHD/reason").asText()).isEqualTo("protected");
        assertThat(refused.at("/refused/CHG-SSHD/problem").asText()).contains("change the standard instead");
    }
}
