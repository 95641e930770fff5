package io.driftwarden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftCapTest {
    static List<ClassifiedDrift> entries(String dir, int n, String classification) {
        List<ClassifiedDrift> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Runs.drift("file:" + dir, "unmanaged-entry", "e" + i, classification, "base.yaml"));
        }
        return out;
    }

    @Test
    void underTheCapNothingIsElided() {
        var drifts = entries("/etc/cron.d", DriftCap.PER_PROPERTY, "unapproved");
        DriftCap.Capped c = DriftCap.cap(drifts);
        assertThat(c.kept()).isEqualTo(drifts);
        assertThat(c.elided()).isEmpty();
    }

    @Test
    void eachPropertyKeepsItsFirstFiftyAndCountsTheRestByClassification() {
        List<ClassifiedDrift> drifts = new ArrayList<>(entries("/etc/cron.d", 120, "unapproved"));
        drifts.addAll(entries("/etc/sudoers.d", 3, "unapproved"));
        drifts.addAll(entries("/etc/cron.d", 10, "approved"));
        DriftCap.Capped c = DriftCap.cap(drifts);
        assertThat(c.kept()).hasSize(53);
        assertThat(c.kept().get(49).drift().actual().toString()).isEqualTo("e49");
        assertThat(c.elided())
                .extracting(DriftCap.Elided::approved, DriftCap.Elided::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(false, 70L),
                        org.assertj.core.groups.Tuple.tuple(true, 10L));
    }

    @Test
    void aHostKeepsAThousandInAll() {
        List<ClassifiedDrift> drifts = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            drifts.addAll(entries("/srv/d" + d, 40, "unapproved"));
        }
        DriftCap.Capped c = DriftCap.cap(drifts);
        assertThat(c.kept()).hasSize(DriftCap.PER_HOST);
        assertThat(c.elided().stream().mapToLong(DriftCap.Elided::count).sum()).isEqualTo(30 * 40 - DriftCap.PER_HOST);
    }
}
