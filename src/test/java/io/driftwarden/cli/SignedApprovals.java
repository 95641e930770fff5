package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwarden.signoff.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A signed bundle as a board runs it, with real {@code ssh-keygen -Y sign}: alice signs the standard, carol and dave
 * approve change records. The standard pins group root's gid to 0; host h has gid 5, which records may approve.
 */
final class SignedApprovals {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path std;
    final Path approvals;
    final Path config;
    final Path alice;
    final Path carol;
    final Path dave;

    SignedApprovals(Path dir, String configExtra) throws Exception {
        this(dir, "", configExtra);
    }

    /** {@code signoffExtra}: more keys of the signoff section, written as {@code , key: value}. */
    SignedApprovals(Path dir, String signoffExtra, String configExtra) throws Exception {
        this.dir = dir;
        std = Files.createDirectories(dir.resolve("standards"));
        approvals = std.resolve("approvals");
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                resources:
                  - group: root
                    gid: 0
                """);
        Path keys = Files.createDirectories(dir.resolve("keys"));
        alice = TestKeys.generate(keys, "alice");
        carol = TestKeys.generate(keys, "carol");
        dave = TestKeys.generate(keys, "dave");
        Files.writeString(
                dir.resolve("allowed_signers"),
                "alice@example.com namespaces=\"driftwarden\" " + TestKeys.publicLine(alice) + "\n"
                        + "carol@example.com namespaces=\"driftwarden-approval\" " + TestKeys.publicLine(carol) + "\n"
                        + "dave@example.com namespaces=\"driftwarden-approval\" " + TestKeys.publicLine(dave) + "\n");
        Files.createDirectories(dir.resolve("root/etc"));
        Files.writeString(dir.resolve("root/etc/group"), "root:x:5:\n");
        Files.writeString(dir.resolve("inventory.yaml"), "hosts:\n  h: {transport: image, root: root}\n");
        config = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\nreports_dir: reports\nhmac_key_file: state/key\n"
                        + "store: {url: \"jdbc:h2:file:./state/driftwarden\"}\n"
                        + "signoff: {allowed_signers: allowed_signers, required: 1" + signoffExtra + "}\n"
                        + configExtra);
    }

    /** The standard's reviewers sign a new revision (manifest, then alice). */
    void signStandard() throws Exception {
        CliRun m = cli("standard", "manifest");
        assertThat(m.exit()).as(m.err()).isZero();
        TestKeys.sign(alice, "driftwarden", std.resolve("SIGNOFF"), std.resolve("SIGNOFF.alice.sig"));
    }

    /** A record approving gid 5 on h, valid for a week from now. */
    Path record(String id) throws Exception {
        Files.createDirectories(approvals);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return Files.writeString(
                approvals.resolve(id + ".yaml"),
                "id: " + id + "\nsummary: keep gid 5 for now\n"
                        + "approved_by: [carol@example.com]\napproved_at: " + now.minusSeconds(60) + "\nexpires: "
                        + now.plus(7, ChronoUnit.DAYS) + "\napplies_to: {hosts: [h]}\nallow:\n"
                        + "  - resource: group:root\n    property: gid\n    value: \"5\"\n");
    }

    /** {@code ssh-keygen -Y sign -n driftwarden-approval}, renamed {@code <file>.<signer>.sig}. */
    void sign(Path signer, Path file) throws Exception {
        TestKeys.sign(
                signer,
                "driftwarden-approval",
                file,
                file.resolveSibling(file.getFileName() + "." + signer.getFileName() + ".sig"));
    }

    /** {@code approvals index}, then carol signs INDEX. */
    void index() throws Exception {
        CliRun i = cli("approvals", "index");
        assertThat(i.exit()).as(i.err() + i.out()).isZero();
        sign(carol, approvals.resolve("INDEX"));
    }

    /** {@code approvals withdraw ID}, then carol signs the tombstone. */
    void withdraw(String id) throws Exception {
        CliRun w = cli("approvals", "withdraw", id, "--reason", "the hotfix was reverted", "--by", "carol@example.com");
        assertThat(w.exit()).as(w.err()).isZero();
        sign(carol, approvals.resolve(id + ".withdrawn"));
    }

    CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    CliRun audit() {
        return cli("audit", "--format", "json");
    }

    static JsonNode json(CliRun r) throws Exception {
        return JSON.readTree(r.out());
    }

    /** The classification of h's one drift. */
    static String classification(JsonNode report) {
        return report.at("/hosts/0/drifts/0/classification").asText();
    }
}
