package io.driftwarden.cli;

import static io.driftwarden.cli.SignedApprovals.classification;
import static io.driftwarden.cli.SignedApprovals.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change records delivered from their own git repository ({@code approvals_dir: {git: ...}}, a real file://
 * remote): fetched at every run, judged by their signatures like any source; a force-pushed rollback of the signed
 * index is refused.
 */
class ApprovalsFromGitTest {
    @TempDir
    Path dir;

    @Test
    void recordsFetchedFromARepositoryApproveAndARollbackIsRefused() throws Exception {
        Path origin = dir.resolve("approvals.git");
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(origin.toFile())
                .call()
                .close();
        SignedApprovals b = new SignedApprovals(
                dir, "approvals_dir: {git: \"" + origin.toUri() + "\", ref: main, checkout: state/approvals-git}\n");
        b.signStandard();
        // the board's working copy, with a config of its own whose approvals_dir is that directory
        Path work = dir.resolve("work");
        try (Git git =
                Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
            Path local = Files.writeString(
                    dir.resolve("local.yaml"),
                    Files.readString(b.config).replaceAll("approvals_dir: \\{git: .*\\}", "approvals_dir: work"));
            Path record = Files.move(b.record("CHG-1"), work.resolve("CHG-1.yaml"));
            b.sign(b.carol, record);
            assertThat(CliRun.of("approvals", "index", "--config", local.toString())
                            .exit())
                    .isZero();
            b.sign(b.carol, work.resolve("INDEX"));
            push(git, "CHG-1");
            Path firstIndex = dir.resolve("index-1");
            Files.copy(work.resolve("INDEX"), firstIndex);
            Path firstSig = dir.resolve("index-1.sig");
            Files.copy(work.resolve("INDEX.carol.sig"), firstSig);

            CliRun a = b.audit();
            assertThat(a.exit()).as(a.err()).isZero();
            JsonNode r = json(a);
            assertThat(classification(r)).isEqualTo("approved");
            assertThat(r.at("/approvals/records/CHG-1/source").asText()).isEqualTo("approvals_dir");
            assertThat(b.cli("approvals", "index").err()).contains("approvals_dir: a git repository");

            // serial 2, then a force-push back to serial 1: the store's floor refuses it
            assertThat(CliRun.of("approvals", "index", "--config", local.toString())
                            .exit())
                    .isZero();
            b.sign(b.carol, work.resolve("INDEX"));
            push(git, "index 2");
            assertThat(b.audit().exit()).isZero();
            Files.copy(firstIndex, work.resolve("INDEX"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(firstSig, work.resolve("INDEX.carol.sig"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            push(git, "rolled back");
            CliRun rolledBack = b.audit();
            assertThat(rolledBack.exit()).isEqualTo(1);
            assertThat(rolledBack.err()).contains("approvals-source-error: rollback");
        }
    }

    private static void push(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.commit()
                .setMessage(message)
                .setAuthor("carol", "carol@example.com")
                .setCommitter("carol", "carol@example.com")
                .call();
        git.push()
                .setRemote(git.getRepository()
                        .getDirectory()
                        .toPath()
                        .resolve("../../approvals.git")
                        .normalize()
                        .toUri()
                        .toString())
                .add("main")
                .setForce(true)
                .call();
    }
}
