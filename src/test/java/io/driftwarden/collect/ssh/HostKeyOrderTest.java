package io.driftwarden.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyOrderTest {
    private static final String ED25519 =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILsdy8fIAIA9mudCnfkLUJkzfyWOWWJsIImB2uIRPluG";
    private static final String ECDSA =
            "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBLRMQsNZt/kWiJP"
                    + "/FxB1G0/N+gPD5YrdABJ9W8s+lIoCNfAnApQdmiq/gOfbm1c4eSbnISpa2X6VZyPr5tEqF0k=";

    @Test
    void readsTheKnownTypesOfTheHostAndPortOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.writeString(
                file,
                "[127.0.0.1]:2222 " + ED25519 + "\n[127.0.0.1]:2223 " + ECDSA + "\n" + "@revoked [127.0.0.1]:2222 "
                        + ECDSA + "\n");
        HostKeyOrder order = new HostKeyOrder(file);
        assertThat(order.knownTypes("127.0.0.1", 2222)).containsExactly("ssh-ed25519");
        assertThat(order.knownTypes("127.0.0.1", 2223)).containsExactly("ecdsa-sha2-nistp256");
        assertThat(order.knownTypes("127.0.0.1", 22)).isEmpty();
    }

    @Test
    void aChangedFileIsReadAgainEvenWithinTheSameSecond(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("known_hosts");
        FileTime same = FileTime.from(Instant.parse("2026-11-23T12:00:00Z"));
        Files.writeString(file, "[127.0.0.1]:2222 " + ED25519 + "\n");
        Files.setLastModifiedTime(file, same);
        HostKeyOrder order = new HostKeyOrder(file);
        assertThat(order.knownTypes("127.0.0.1", 2222)).isEqualTo(List.of("ssh-ed25519"));
        // the operator rotated the key: same time stamp, another size
        Files.writeString(file, "[127.0.0.1]:2222 " + ECDSA + "\n");
        Files.setLastModifiedTime(file, same);
        assertThat(order.knownTypes("127.0.0.1", 2222)).isEqualTo(List.of("ecdsa-sha2-nistp256"));
        // same size, another time
        Files.writeString(file, "[127.0.0.1]:2223 " + ECDSA + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-23T12:00:01Z")));
        assertThat(order.knownTypes("127.0.0.1", 2222)).isEmpty();
    }
}
