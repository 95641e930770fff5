package io.driftwarden.approval;

import static io.driftwarden.approval.RecordBuilder.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Value;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Section 3's classification vectors: host web-1, sysctl:net.core.somaxconn value, standard 1024. */
class ClassifierTest {
    static final Instant NOW = Instant.parse("2026-11-23T14:00:00Z");
    static final ResourceId SOMAXCONN =
            ResourceId.parse("sysctl:net.core.somaxconn").orElseThrow();
    static final String R = "sysctl:net.core.somaxconn";

    static Classification classify(String live, ChangeRecord... records) {
        return new Classifier(List.of(records))
                .classify(
                        "web-1",
                        Set.of(),
                        SOMAXCONN,
                        "value",
                        live == null ? null : Value.of(live),
                        live == null ? null : Value.of(live),
                        NOW);
    }

    @Test
    void activeMatchingRecordApproves() {
        Classification c =
                classify("4096", aRecord("CHG-1").allow(R, "value", "4096").build());
        assertThat(c.classification()).isEqualTo("approved");
        assertThat(c.reason()).isNull();
        assertThat(c.approval()).isEqualTo("CHG-1");
        assertThat(c.nearMisses()).containsExactly(new NearMiss("CHG-1", "active", "match", true));
    }

    @Test
    void twoActiveMatchesApproveByTheLaterExpiringOneAndListTheOther() {
        Classification c = classify(
                "4096",
                aRecord("CHG-1")
                        .expires("2026-12-10T00:00:00Z")
                        .allow(R, "value", "4096")
                        .build(),
                aRecord("CHG-2")
                        .expires("2026-11-29T00:00:00Z")
                        .allow(R, "value", "4096")
                        .build());
        assertThat(c.approval()).isEqualTo("CHG-1");
        assertThat(c.alsoApprovedBy()).containsExactly("CHG-2");
    }

    @Test
    void expiryTiesAreBrokenByIdInByteOrder() {
        Classification c = classify(
                "4096",
                aRecord("CHG-b").allow(R, "value", "4096").build(),
                aRecord("CHG-a").allow(R, "value", "4096").build());
        assertThat(c.approval()).isEqualTo("CHG-a");
        assertThat(c.alsoApprovedBy()).containsExactly("CHG-b");
    }

    @Test
    void openEndedEntryApprovesAnyValueAndIsFlagged() {
        ChangeRecord open = aRecord("CHG-1").allow(R, "value", null).build();
        Classification c = classify("65535", open);
        assertThat(c.classification()).isEqualTo("approved");
        var flags = RecordFlags.compute(
                List.of(open),
                List.of(new RecordFlags.HostSeen("web-1", Set.of(), true)),
                List.of(new RecordFlags.Naming("CHG-1", null)),
                NOW,
                java.time.Duration.ofDays(7));
        assertThat(flags.get("CHG-1").openEnded()).isTrue();
        assertThat(flags.get("CHG-1").inUse()).isTrue();
    }

    @Test
    void activeRecordWithAnotherValueIsAValueMismatch() {
        Classification c =
                classify("8192", aRecord("CHG-1").allow(R, "value", "4096").build());
        assertThat(c.classification()).isEqualTo("unapproved");
        assertThat(c.reason()).isEqualTo("value-mismatch");
        assertThat(c.approval()).isEqualTo("CHG-1");
        assertThat(c.nearMisses()).containsExactly(new NearMiss("CHG-1", "active", "mismatch", true));
    }

    @Test
    void expiredMatchOutranksNotYetValidMatch() {
        Classification c = classify(
                "4096",
                aRecord("CHG-old")
                        .validFrom("2026-10-01T00:00:00Z")
                        .expires("2026-11-01T00:00:00Z")
                        .allow(R, "value", "4096")
                        .build(),
                aRecord("CHG-new")
                        .validFrom("2026-11-25T00:00:00Z")
                        .expires("2026-12-01T00:00:00Z")
                        .allow(R, "value", "4096")
                        .build());
        assertThat(c.reason()).isEqualTo("approval-expired");
        assertThat(c.approval()).isEqualTo("CHG-old");
    }

    @Test
    void notYetValidMatchOutranksActiveMismatch() {
        Classification c = classify(
                "4096",
                aRecord("CHG-act").allow(R, "value", "2048").build(),
                aRecord("CHG-fut")
                        .validFrom("2026-11-25T00:00:00Z")
                        .expires("2026-12-01T00:00:00Z")
                        .allow(R, "value", "4096")
                        .build());
        assertThat(c.reason()).isEqualTo("not-yet-valid");
        assertThat(c.approval()).isEqualTo("CHG-fut");
    }

    @Test
    void notYetValidNamesTheOneThatStartsSoonest() {
        Classification c = classify(
                "4096",
                aRecord("CHG-late")
                        .validFrom("2026-11-28T00:00:00Z")
                        .expires("2026-12-01T00:00:00Z")
                        .allow(R, "value", "4096")
                        .build(),
                aRecord("CHG-soon")
                        .validFrom("2026-11-25T00:00:00Z")
                        .expires("2026-12-01T00:00:00Z")
                        .allow(R, "value", "4096")
                        .build());
        assertThat(c.approval()).isEqualTo("CHG-soon");
    }

    @Test
    void expiredMatchOutranksActiveMismatchAndNamesTheLastToExpire() {
        Classification c = classify(
                "4096",
                aRecord("CHG-e1")
                        .validFrom("2026-10-01T00:00:00Z")
                        .expires("2026-11-01T00:00:00Z")
                        .allow(R, "value", "4096")
                        .build(),
                aRecord("CHG-e2")
                        .validFrom("2026-10-01T00:00:00Z")
                        .expires("2026-11-10T00:00:00Z")
                        .allow(R, "value", "4096")
                        .build(),
                aRecord("CHG-act").allow(R, "value", "2048").build());
        assertThat(c.reason()).isEqualTo("approval-expired");
        assertThat(c.approval()).isEqualTo("CHG-e2");
        assertThat(c.nearMisses()).extracting(NearMiss::id).containsExactly("CHG-act", "CHG-e1", "CHG-e2");
    }

    @Test
    void outOfScopeRecordApprovesNothingButIsANearMiss() {
        Classification c = classify(
                "4096",
                aRecord("CHG-db").hosts("db-*").allow(R, "value", "4096").build());
        assertThat(c.reason()).isEqualTo("no-approval");
        assertThat(c.approval()).isNull();
        assertThat(c.nearMisses()).containsExactly(new NearMiss("CHG-db", "active", "match", false));
    }

    @Test
    void validFromEqualToNowIsActive() {
        Classification c = classify(
                "4096",
                aRecord("CHG-1")
                        .validFrom("2026-11-23T14:00:00Z")
                        .allow(R, "value", "4096")
                        .build());
        assertThat(c.classification()).isEqualTo("approved");
    }

    @Test
    void expiresEqualToNowIsExpired() {
        Classification c = classify(
                "4096",
                aRecord("CHG-1")
                        .expires("2026-11-23T14:00:00Z")
                        .allow(R, "value", "4096")
                        .build());
        assertThat(c.reason()).isEqualTo("approval-expired");
        assertThat(c.approval()).isEqualTo("CHG-1");
    }

    @Test
    void openEndedContentEntryDoesNotApproveADeletedFile() {
        ResourceId file = ResourceId.parse("file:/etc/nginx/nginx.conf").orElseThrow();
        ChangeRecord rec = aRecord("CHG-1")
                .allow("file:/etc/nginx/nginx.conf", "content", null)
                .build();
        Classification c = new Classifier(List.of(rec))
                .classify("web-1", Set.of(), file, "ensure", Value.of("absent"), Value.of("absent"), NOW);
        assertThat(c.reason()).isEqualTo("no-approval");
        assertThat(c.nearMisses()).isEmpty();
    }

    @Test
    void noRecordAtAllIsNoApproval() {
        Classification c = classify("4096");
        assertThat(c).isEqualTo(new Classification("unapproved", "no-approval", null, List.of(), List.of()));
    }

    @Test
    void missingValueMatchesOnlyOpenEndedEntries() {
        assertThat(classify(null, aRecord("CHG-1").allow(R, "value", "4096").build())
                        .reason())
                .isEqualTo("value-mismatch");
        assertThat(classify(null, aRecord("CHG-1").allow(R, "value", null).build())
                        .classification())
                .isEqualTo("approved");
    }

    @Test
    void aSensitiveFileMayBePinnedByItsDisplayedHmac() {
        ResourceId file = ResourceId.parse("file:/etc/shadow").orElseThrow();
        ChangeRecord rec = aRecord("CHG-1")
                .allow("file:/etc/shadow", "content", "hmac:0123456789abcdef")
                .build();
        Classification c = new Classifier(List.of(rec))
                .classify(
                        "web-1",
                        Set.of(),
                        file,
                        "content",
                        Value.of("sha256:" + "a".repeat(64)),
                        Value.of("hmac:0123456789abcdef"),
                        NOW);
        assertThat(c.classification()).isEqualTo("approved");
    }

    @Test
    void aWindowedRecordApprovesAnyPropertyOnlyInsideItsWindow() {
        ChangeRecord patch = new ChangeRecord(
                "CHG-W",
                "patch window",
                java.util.List.of("a@example.com"),
                NOW.minusSeconds(7200),
                NOW.minusSeconds(3600),
                NOW.plusSeconds(3600),
                null,
                null,
                new io.driftwarden.standard.Selector(java.util.List.of("*"), java.util.List.of(), false),
                java.util.List.of(new Allow(SOMAXCONN, Allow.ANY, null, null)),
                "approvals/CHG-W.yaml");
        Classifier c = new Classifier(java.util.List.of(patch));
        assertThat(c.classify(
                                "web-1",
                                java.util.Set.of(),
                                SOMAXCONN,
                                "value",
                                io.driftwarden.standard.Value.of("9"),
                                io.driftwarden.standard.Value.of("9"),
                                NOW)
                        .approved())
                .isTrue();
        assertThat(c.classify("web-1", java.util.Set.of(), SOMAXCONN, "persisted", null, null, NOW)
                        .approved())
                .isTrue();
        Classification after = c.classify(
                "web-1",
                java.util.Set.of(),
                SOMAXCONN,
                "value",
                io.driftwarden.standard.Value.of("9"),
                io.driftwarden.standard.Value.of("9"),
                NOW.plusSeconds(3600));
        assertThat(after.approved()).isFalse();
        assertThat(after.reason()).isEqualTo("approval-expired");
    }
}
