package io.driftwarden.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.junit.jupiter.api.Test;

class KexPreferenceTest {
    @Test
    void fastHybridsAndCurve25519ComeBeforeNtruPrimeAndEveryDefaultStaysOffered() {
        List<String> names = KexPreference.factories().stream()
                .map(KeyExchangeFactory::getName)
                .toList();
        assertThat(names).startsWith("mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org");
        assertThat(names.indexOf("sntrup761x25519-sha512@openssh.com"))
                .isGreaterThan(names.indexOf("curve25519-sha256"));
        assertThat(names)
                .as("a host that offers only a classic group still connects")
                .contains("ecdh-sha2-nistp256", "diffie-hellman-group14-sha256");
        assertThat(names).doesNotHaveDuplicates();
    }
}
