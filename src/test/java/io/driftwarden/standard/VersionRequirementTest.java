package io.driftwarden.standard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionRequirementTest {
    @Test
    void exactVersionsCompareTheDebianWay() {
        VersionRequirement v = VersionRequirement.of("1.22.1-9");
        assertThat(v.floor()).isFalse();
        assertThat(v.satisfiedBy("0:1.22.1-9")).isTrue();
        assertThat(v.satisfiedBy("1.22.1-10")).isFalse();
    }

    @Test
    void aFloorIsMetByEveryInstanceAtOrAboveIt() {
        VersionRequirement v = VersionRequirement.of(">=1:9.2p1-2+deb12u3");
        assertThat(v.canonical()).isEqualTo(">= 1:9.2p1-2+deb12u3");
        assertThat(v.satisfiedByAll(List.of("1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u4")))
                .isTrue();
        assertThat(v.satisfiedByAll(List.of("1:9.2p1-2+deb12u4", "1:9.2p1-2+deb12u2")))
                .isFalse();
        assertThat(v.satisfiedByAll(List.of())).isFalse();
        assertThat(v.satisfiedBy("1:9.2p1-2+deb12u3~bpo1"))
                .as("~ sorts before the end")
                .isFalse();
    }

    @Test
    void otherOperatorsAndMalformedVersionsAreLoadErrors() {
        assertThat(VersionRequirement.parse("<= 2.0").problem()).contains("only an exact version or a floor");
        assertThat(VersionRequirement.parse("> 2.0").problem()).contains("only an exact version or a floor");
        assertThat(VersionRequirement.parse("= 2.0").problem()).contains("only an exact version or a floor");
        assertThat(VersionRequirement.parse(">= ").problem()).contains("without spaces after '>='");
        assertThat(VersionRequirement.parse("1.0 2.0").problem()).contains("without spaces");
        assertThat(VersionRequirement.parse(">= latest").problem()).contains("starts with a digit");
        assertThat(VersionRequirement.parse("1:9.2p1").problem()).isNull();
    }
}
