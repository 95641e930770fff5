package io.driftwarden.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * How far a node's clock is from the database's, and whether the node may judge. A cluster's leases and judging
 * times run on the database's clock, but Quartz compares check-ins on each node's own and wants nodes within a
 * second of each other, and a node's clock stamps its logs and mails. Each sample brackets one reading of the
 * database's clock between two of ours; the quickest round trip bounds the error best (as NTP does).
 */
public record ClockSkew(Duration skew, Duration uncertainty) {
    /** Beyond this (less the uncertainty) a node stands by: it claims nothing and says it is not ready. */
    public static final Duration STAND_BY = Duration.ofMillis(500);

    /** Beyond this a node refuses to start: its clock, not the cluster, needs fixing. */
    public static final Duration REFUSE = Duration.ofSeconds(5);

    /** One reading: our clock before, the database's, ours after. */
    public record Sample(Instant before, Instant database, Instant after) {
        public Sample {
            if (after.isBefore(before)) {
                throw new IllegalArgumentException("a sample ends before it begins: " + before + " > " + after);
            }
        }

        Duration roundTrip() {
            return Duration.between(before, after);
        }
    }

    /** What a node does about its clock. */
    public enum Verdict {
        OK,
        STAND_BY,
        REFUSE
    }

    /** The skew from the sample with the quickest round trip: the database's clock minus ours at mid-flight. */
    public static ClockSkew of(List<Sample> samples) {
        Sample best = samples.stream()
                .min(Comparator.comparing(Sample::roundTrip))
                .orElseThrow(() -> new IllegalArgumentException("no clock samples"));
        Instant mid = best.before().plus(best.roundTrip().dividedBy(2));
        return new ClockSkew(
                Duration.between(mid, best.database()), best.roundTrip().dividedBy(2));
    }

    /** The least the clocks can be apart, given the uncertainty: what the bounds are held to. */
    public Duration atLeast() {
        Duration d = skew.abs().minus(uncertainty);
        return d.isNegative() ? Duration.ZERO : d;
    }

    public Verdict verdict() {
        Duration d = atLeast();
        if (d.compareTo(REFUSE) > 0) {
            return Verdict.REFUSE;
        }
        return d.compareTo(STAND_BY) > 0 ? Verdict.STAND_BY : Verdict.OK;
    }
}
