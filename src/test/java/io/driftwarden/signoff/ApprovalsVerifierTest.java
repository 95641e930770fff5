package io.driftwarden.signoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.RecordVerdict;
import io.driftwarden.approval.RecordVerdicts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each named refusal of a change record, with real {@code ssh-keygen -Y sign} signatures: the verdict rests on
 * the source's bytes, allowed_signers and the real clock alone.
 */
class ApprovalsVerifierTest {
    static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
    static final ApprovalsVerifier.Policy POLICY = new ApprovalsVerifier.Policy(1, Duration.ofDays(90));

    @TempDir
    static Path dir;

    static Path carol;
    static Path dave;

    @BeforeAll
    static void keys() throws Exception {
        carol = TestKeys.generate(dir, "carol");
        dave = TestKeys.generate(dir, "dave");
    }

    static String record(String id, String approvedAt, String expires) {
        return "id: " + id + "\nsummary: s\napproved_by: [carol@example.com, dave@example.com]\napproved_at: "
                + approvedAt + "\nexpires: " + expires + "\napplies_to: {hosts: [web-1]}\nallow:\n"
                + "  - resource: sysctl:net.core.somaxconn\n    property: value\n    value: \"4096\"\n";
    }

    static String record(String id) {
        return record(id, "2026-12-07T02:00:00Z", "2026-12-20T00:00:00Z");
    }

    /** A source holding these records, each signed by the given keys (real ssh-keygen). */
    static ApprovalsSource source(String name, Map<String, String> records, Path... signedBy) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        Path d = Files.createTempDirectory(dir, name);
        for (var e : records.entrySet()) {
            Path f = Files.writeString(d.resolve(e.getKey()), e.getValue());
            files.put(e.getKey(), Files.readAllBytes(f));
            for (Path key : signedBy) {
                Path sig = d.resolve(e.getKey() + "." + key.getFileName() + ".sig");
                TestKeys.sign(key, "driftwarden-approval", f, sig);
                files.put(sig.getFileName().toString(), Files.readAllBytes(sig));
            }
        }
        return ApprovalsSource.read(name, name, files, List.of());
    }

    static AllowedSigners signers(String carolOptions) throws Exception {
        return AllowedSigners.parse(
                "allowed_signers",
                ("carol@example.com namespaces=\"driftwarden-approval\"" + carolOptions + " "
                                + TestKeys.publicLine(carol) + "\n"
                                + "dave@example.com namespaces=\"driftwarden-approval\" "
                                + TestKeys.publicLine(dave) + "\n")
                        .getBytes());
    }

    static RecordVerdict only(RecordVerdicts v, String id) {
        return v.verdicts().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aRecordSignedByItsApproverIsEffective() throws Exception {
        RecordVerdicts v = new ApprovalsVerifier(signers(""), POLICY)
                .verify(List.of(source("standards", Map.of("CHG-1.yaml", record("CHG-1")), carol)), NOW);
        RecordVerdict r = only(v, "CHG-1");
        assertThat(r.status()).isEqualTo(RecordVerdict.Status.EFFECTIVE);
        assertThat(r.signers()).extracting(RecordVerdict.Signer::principal).containsExactly("carol@example.com");
        assertThat(r.signers().get(0).fingerprint()).isEqualTo(TestKeys.fingerprint(carol));
        assertThat(r.sha256()).startsWith("sha256:");
        assertThat(v.effective()).hasSize(1);
    }

    @Test
    void approvedFiveMinutesAheadIsFineSixIsRefused() throws Exception {
        Map<String, String> records = Map.of(
                "CHG-5.yaml", record("CHG-5", "2026-12-07T03:05:00Z", "2026-12-20T00:00:00Z"),
                "CHG-6.yaml", record("CHG-6", "2026-12-07T03:06:00Z", "2026-12-20T00:00:00Z"));
        RecordVerdicts v =
                new ApprovalsVerifier(signers(""), POLICY).verify(List.of(source("standards", records, carol)), NOW);
        assertThat(only(v, "CHG-5").effective()).isTrue();
        RecordVerdict six = only(v, "CHG-6");
        assertThat(six.status()).isEqualTo(RecordVerdict.Status.REFUSED);
        assertThat(six.reason()).isEqualTo(RecordVerdict.APPROVED_IN_FUTURE);
        assertThat(six.problem()).contains("more than 5 minutes ahead");
    }

    @Test
    void approvedBeforeTheKeysValidAfterIsOutsideKeyValidity() throws Exception {
        // carol's key is valid from 1 December; a record back-dated to November cannot rest on it
        String backdated = record("CHG-7", "2026-11-20T10:00:00Z", "2026-12-20T00:00:00Z");
        RecordVerdicts v = new ApprovalsVerifier(signers(",valid-after=\"20261201Z\""), POLICY)
                .verify(List.of(source("standards", Map.of("CHG-7.yaml", backdated), carol)), NOW);
        RecordVerdict r = only(v, "CHG-7");
        assertThat(r.reason()).isEqualTo(RecordVerdict.OUTSIDE_KEY_VALIDITY);
        assertThat(r.problem()).contains("not valid at approved_at 2026-11-20T10:00:00Z");
        assertThat(v.unauthorised()).containsExactly("CHG-7");
    }

    @Test
    void aKeyNoLongerValidAtTheClockIsOutsideKeyValidity() throws Exception {
        RecordVerdicts v = new ApprovalsVerifier(signers(",valid-before=\"20261205Z\""), POLICY)
                .verify(List.of(source("standards", Map.of("CHG-8.yaml", record("CHG-8")), carol)), NOW);
        assertThat(only(v, "CHG-8").reason()).isEqualTo(RecordVerdict.OUTSIDE_KEY_VALIDITY);
    }

    @Test
    void aCountedKeyExpiringBeforeTheRecordFlagsSignerExpiring() throws Exception {
        RecordVerdicts v = new ApprovalsVerifier(signers(",valid-before=\"20261210Z\""), POLICY)
                .verify(List.of(source("standards", Map.of("CHG-9.yaml", record("CHG-9")), carol)), NOW);
        RecordVerdict r = only(v, "CHG-9");
        assertThat(r.effective()).isTrue();
        assertThat(r.flags()).containsExactly(RecordVerdict.SIGNER_EXPIRING);
        // a second approver whose key lasts keeps the quorum valid to the end
        RecordVerdicts both = new ApprovalsVerifier(signers(",valid-before=\"20261210Z\""), POLICY)
                .verify(List.of(source("standards2", Map.of("CHG-9.yaml", record("CHG-9")), carol, dave)), NOW);
        assertThat(only(both, "CHG-9").flags()).isEmpty();
    }

    @Test
    void theSameIdInBothSourcesRefusesBoth() throws Exception {
        RecordVerdicts v = new ApprovalsVerifier(signers(""), POLICY)
                .verify(
                        List.of(
                                source("standards", Map.of("CHG-1.yaml", record("CHG-1")), carol),
                                source("approvals_dir", Map.of("CHG-1.yaml", record("CHG-1")), carol)),
                        NOW);
        assertThat(v.verdicts()).hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(RecordVerdict.Status.REFUSED);
            assertThat(r.reason()).isEqualTo(RecordVerdict.DUPLICATE_ID);
        });
        assertThat(v.effective()).isEmpty();
    }

    @Test
    void idsDifferingOnlyInCaseAreRefused() throws Exception {
        Map<String, String> records = new TreeMap<>();
        records.put("CHG-1.yaml", record("CHG-1"));
        records.put("chg-1.yaml", record("chg-1"));
        records.put("CHG-2.yaml", record("CHG-2"));
        RecordVerdicts v =
                new ApprovalsVerifier(signers(""), POLICY).verify(List.of(source("standards", records, carol)), NOW);
        assertThat(only(v, "CHG-1").reason()).isEqualTo(RecordVerdict.CASE_DUPLICATE_ID);
        assertThat(only(v, "chg-1").reason()).isEqualTo(RecordVerdict.CASE_DUPLICATE_ID);
        assertThat(only(v, "CHG-2").effective()).isTrue();
    }

    @Test
    void anIdThatIsNotTheFileStemIsRefused() throws Exception {
        RecordVerdicts v = new ApprovalsVerifier(signers(""), POLICY)
                .verify(List.of(source("standards", Map.of("CHG-3.yaml", record("CHG-4")), carol)), NOW);
        RecordVerdict r = only(v, "CHG-3");
        assertThat(r.reason()).isEqualTo(RecordVerdict.ID_MISMATCH);
        assertThat(r.problem()).contains("id 'CHG-4' is not the file name's stem 'CHG-3'");
    }

    @Test
    void aRecordThatDoesNotLoadFailsItsSourceAndOnlyItsSource() throws Exception {
        ApprovalsSource broken = source(
                "approvals_dir",
                Map.of("CHG-2.yaml", record("CHG-2").replace("expires: 2026-12-20T00:00:00Z", "expires: 2026-12-20")),
                carol);
        RecordVerdicts v = new ApprovalsVerifier(signers(""), POLICY)
                .verify(List.of(source("standards", Map.of("CHG-1.yaml", record("CHG-1")), carol), broken), NOW);
        assertThat(v.failedSources()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("approvals_dir");
            assertThat(s.failure().reason()).isEqualTo("invalid");
            assertThat(s.failure().message()).contains("CHG-2.yaml:5:1: expires:");
        });
        assertThat(v.verdicts()).extracting(RecordVerdict::id).containsExactly("CHG-1");
    }

    @Test
    void junkSignaturesNeverCrowdOutARealOneAndTheCryptoIsBounded() throws Exception {
        ApprovalsSource s = source("standards", Map.of("CHG-1.yaml", record("CHG-1")), carol);
        Map<String, byte[]> files = new TreeMap<>(s.files());
        for (int i = 0; i < ApprovalsSource.MAX_SIGNATURES + 3; i++) {
            files.put("CHG-1.yaml.a-junk" + i + ".sig", "junk".getBytes()); // sorted before carol's
        }
        RecordVerdict r = only(
                new ApprovalsVerifier(signers(""), POLICY)
                        .verify(List.of(ApprovalsSource.read("standards", "standards", files, List.of())), NOW),
                "CHG-1");
        assertThat(r.effective()).as(r.problem()).isTrue();
        assertThat(r.problem()).contains("a-junk0.sig: unparseable");
        // more signatures by approver keys than the limit: only the first are verified, and that is said once
        Map<String, byte[]> many = new TreeMap<>(s.files());
        byte[] carols = s.files().get("CHG-1.yaml.carol.sig");
        for (int i = 0; i < ApprovalsSource.MAX_SIGNATURES + 1; i++) {
            many.put("CHG-1.yaml.carol" + i + ".sig", carols);
        }
        RecordVerdict again = only(
                new ApprovalsVerifier(signers(""), POLICY)
                        .verify(List.of(ApprovalsSource.read("standards", "standards", many, List.of())), NOW),
                "CHG-1");
        List<String> limit = new ArrayList<>(again.problems());
        limit.removeIf(p -> !p.contains("signatures by approver keys; only the first 8 by name are verified"));
        assertThat(limit).hasSize(1);
        assertThat(again.effective()).isTrue();
    }

    @Test
    void anUnsignedFileBesideASignedRecordNeverKnocksItOut() throws Exception {
        ApprovalsSource s = source("standards", Map.of("CHG-1.yaml", record("CHG-1")), carol);
        Map<String, byte[]> files = new TreeMap<>(s.files());
        files.put("chg-1.yaml", record("chg-1").getBytes()); // no signature
        RecordVerdicts v = new ApprovalsVerifier(signers(""), POLICY)
                .verify(List.of(ApprovalsSource.read("standards", "standards", files, List.of())), NOW);
        assertThat(only(v, "CHG-1").effective()).isTrue();
        assertThat(only(v, "chg-1").reason()).isEqualTo(RecordVerdict.UNAUTHORISED);
    }

    @Test
    void aTombstoneOutlivesItsSignersKey() throws Exception {
        ApprovalsSource s = source("standards", Map.of("CHG-1.yaml", record("CHG-1")), carol, dave);
        Map<String, byte[]> files = new TreeMap<>(s.files());
        Path d = Files.createTempDirectory(dir, "tomb");
        Path t = Files.writeString(
                d.resolve("CHG-1.withdrawn"),
                "id: CHG-1\nwithdrawn_at: 2026-12-01T00:00:00Z\nwithdrawn_by: carol@example.com\nreason: done\n");
        TestKeys.sign(carol, "driftwarden-approval", t, d.resolve("CHG-1.withdrawn.carol.sig"));
        files.put("CHG-1.withdrawn", Files.readAllBytes(t));
        files.put("CHG-1.withdrawn.carol.sig", Files.readAllBytes(d.resolve("CHG-1.withdrawn.carol.sig")));
        // carol's key ended on 5 December; her withdrawal of 1 December stands
        RecordVerdicts v = new ApprovalsVerifier(signers(",valid-before=\"20261205Z\""), POLICY)
                .verify(List.of(ApprovalsSource.read("standards", "standards", files, List.of())), NOW);
        assertThat(only(v, "CHG-1").status()).isEqualTo(RecordVerdict.Status.WITHDRAWN);
    }

    @Test
    void unsignedModeTakesRecordsAsWrittenButStillRefusesDuplicates() throws Exception {
        RecordVerdicts v = new ApprovalsVerifier(null, POLICY)
                .verify(
                        List.of(
                                source(
                                        "standards",
                                        Map.of("CHG-1.yaml", record("CHG-1"), "CHG-2.yaml", record("CHG-2"))),
                                source("approvals_dir", Map.of("CHG-2.yaml", record("CHG-2")))),
                        NOW);
        assertThat(v.signed()).isFalse();
        assertThat(only(v, "CHG-1").effective()).isTrue();
        assertThat(v.verdicts().stream().filter(r -> r.id().equals("CHG-2")))
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo(RecordVerdict.DUPLICATE_ID));
    }
}
