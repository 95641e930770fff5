package io.driftwarden.standard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** dpkg --compare-versions vectors. */
class DebianVersionTest {
    @ParameterizedTest
    @CsvSource({
        "1.22.1-9, 0:1.22.1-9, 0",
        "1.0, 1.0-0, 0",
        "1.0~rc1, 1.0, -1",
        "1.0, 1.0+b1, -1",
        "1:1.0, 2.0, 1",
        "1.10, 1.9, 1",
        "2.36-9+deb12u3, 2.36-9+deb12u10, -1",
        "1:9.2p1-2+deb12u3, 1:9.2p1-2+deb12u2, 1",
        "1.0a, 1.0, 1",
        "1.0-1~bpo1, 1.0-1, -1",
        "0.17+2.4-2, 0.17+2.4-2, 0",
    })
    void comparesTheDebianWay(String a, String b, int sign) {
        assertThat(Integer.signum(DebianVersion.compare(a, b))).isEqualTo(sign);
        assertThat(Integer.signum(DebianVersion.compare(b, a))).isEqualTo(-sign);
    }
}
