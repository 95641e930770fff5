package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example bundle users copy comes signed off by the two test reviewers; editing it without re-signing fails here. */
class ExampleBundleTest {
    @TempDir
    Path dir;

    @Test
    void theExampleBundleIsSignedOffAndItsRecordAuthorised() throws Exception {
        Path signers = Files.copy(Path.of("test-fixtures/keys/allowed_signers"), dir.resolve("allowed_signers"));
        Files.setPosixFilePermissions(signers, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path config = Files.writeString(
                dir.resolve("c.yaml"),
                "standards: " + Path.of("standards").toAbsolutePath()
                        + "\nstore: {url: \"jdbc:h2:file:./state/driftwarden\"}\nsignoff: {allowed_signers: allowed_signers, required: 2}\n");
        CliRun v = CliRun.of("standard", "verify", "--config", config.toString());
        assertThat(v.exit()).as(v.out()).isZero();
        assertThat(v.out())
                .contains("signers: [alice@example.com, bob@example.com] (2 counted, 2 required)")
                .contains("record CHG-2041 (standards): effective, signed by [carol@example.com] (1 of 1 required)");
    }
}
