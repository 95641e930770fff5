package io.driftwarden.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClockSkewTest {
    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    static ClockSkew.Sample sample(long beforeMs, long databaseMs, long afterMs) {
        return new ClockSkew.Sample(T.plusMillis(beforeMs), T.plusMillis(databaseMs), T.plusMillis(afterMs));
    }

    @Test
    void theQuickestRoundTripGivesTheSkewAtItsMidpoint() {
        ClockSkew s = ClockSkew.of(List.of(
                sample(0, 900, 400), // slow: mid 200, says +700
                sample(1000, 1310, 1020), // quick: mid 1010, says +300
                sample(2000, 2100, 2300)));
        assertThat(s.skew()).isEqualTo(Duration.ofMillis(300));
        assertThat(s.uncertainty()).isEqualTo(Duration.ofMillis(10));
        assertThat(s.atLeast()).isEqualTo(Duration.ofMillis(290));
        assertThat(s.verdict()).isEqualTo(ClockSkew.Verdict.OK);
    }

    @Test
    void aClockBehindOrAheadStandsByPastHalfASecondAndIsRefusedPastFive() {
        assertThat(ClockSkew.of(List.of(sample(0, 520, 0))).verdict()).isEqualTo(ClockSkew.Verdict.STAND_BY);
        assertThat(ClockSkew.of(List.of(sample(0, -520, 0))).verdict()).isEqualTo(ClockSkew.Verdict.STAND_BY);
        assertThat(ClockSkew.of(List.of(sample(0, 5030, 20))).verdict())
                .as("5,020 ms apart, give or take 10")
                .isEqualTo(ClockSkew.Verdict.REFUSE);
        assertThat(ClockSkew.of(List.of(sample(0, -6000, 0))).verdict()).isEqualTo(ClockSkew.Verdict.REFUSE);
    }

    @Test
    void aSlowRoundTripGivesTheBenefitOfTheDoubt() {
        // 600 ms from our midpoint, but the reading could have been taken anywhere in a 400 ms flight
        ClockSkew s = ClockSkew.of(List.of(sample(0, 800, 400)));
        assertThat(s.skew()).isEqualTo(Duration.ofMillis(600));
        assertThat(s.atLeast()).isEqualTo(Duration.ofMillis(400));
        assertThat(s.verdict()).isEqualTo(ClockSkew.Verdict.OK);
    }

    @Test
    void noSamplesOrABackwardSampleIsABug() {
        assertThatThrownBy(() -> ClockSkew.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sample(10, 5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
