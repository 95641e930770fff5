package io.driftwarden.signoff;

import io.driftwarden.approval.ApprovalFiles;
import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.approval.RecordParser;
import io.driftwarden.approval.RecordVerdict;
import io.driftwarden.approval.RecordVerdict.Signer;
import io.driftwarden.approval.RecordVerdict.Status;
import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.approval.SourceState;
import io.driftwarden.standard.ResourceParser;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure: the verdict on every change record of the approvals sources, from their bytes, allowed_signers and the
 * real clock alone (never from what a store remembers). A record is effective only when at least the quorum of
 * its own {@code approved_by} principals signed its file as approvers ({@code driftwarden-approval}), at a time
 * their keys were valid; each refusal is named. The standard's reviewers sign nothing here.
 */
public final class ApprovalsVerifier {
    public static final String NAMESPACE = AllowedSigners.Role.APPROVER.namespace();
    /** How far ahead of the real clock an {@code approved_at} may be (clocks of laptops at 3 a.m. drift). */
    public static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

    /** The configured rules: approver signatures per record, and the longest a record may be valid. */
    public record Policy(int required, Duration maxValidity) {}

    private final AllowedSigners signers;
    private final Policy policy;

    /** {@code signers} null: the insecure unsigned mode, records taken as written (still parsed and de-duplicated). */
    public ApprovalsVerifier(AllowedSigners signers, Policy policy) {
        this.signers = signers;
        this.policy = policy;
    }

    public RecordVerdicts verify(List<ApprovalsSource> sources, Instant now) {
        List<RecordVerdict> parsed = new ArrayList<>();
        List<SourceState> states = new ArrayList<>();
        for (ApprovalsSource s : sources) {
            SourceState state = new SourceState(s.name(), s.location(), s.failure(), s.notes());
            if (!s.failed()) {
                List<RecordVerdict> mine = new ArrayList<>();
                List<String> broken = new ArrayList<>();
                for (String name : s.files().keySet()) {
                    if (ApprovalFiles.kind(name) == ApprovalFiles.Kind.RECORD) {
                        RecordVerdict v = parse(s, name);
                        if (RecordVerdict.INVALID.equals(v.reason())) {
                            broken.addAll(v.problems());
                        } else {
                            mine.add(v);
                        }
                    }
                }
                if (broken.isEmpty()) {
                    parsed.addAll(mine);
                } else {
                    // a record that does not load is a load error of its source (never half-used): loud, and it
                    // withdraws nothing
                    state = new SourceState(
                            s.name(),
                            s.location(),
                            new ApprovalsSource.Failure("invalid", String.join("\n", broken)),
                            s.notes());
                }
            }
            states.add(state);
        }
        List<RecordVerdict> out = new ArrayList<>();
        Map<String, Long> byId = count(parsed, RecordVerdict::id);
        Map<String, Set<String>> byFolded = new HashMap<>();
        parsed.forEach(v -> byFolded.computeIfAbsent(v.id().toLowerCase(Locale.ROOT), k -> new TreeSet<>())
                .add(v.id()));
        for (RecordVerdict v : parsed) {
            Set<String> folded = byFolded.get(v.id().toLowerCase(Locale.ROOT));
            if (v.status() == Status.REFUSED) {
                out.add(v);
            } else if (byId.get(v.id()) > 1) {
                out.add(v.refused(
                        RecordVerdict.DUPLICATE_ID,
                        "the id " + v.id() + " is in more than one approvals source: neither is used"));
            } else if (folded.size() > 1) {
                out.add(v.refused(
                        RecordVerdict.CASE_DUPLICATE_ID, "ids " + folded + " differ only in case: none is used"));
            } else {
                out.add(signers == null ? v : authorise(v, sources, now));
            }
        }
        return new RecordVerdicts(out, states, signers != null);
    }

    /** One record file parsed on its own: a broken record is refused, never the whole source. */
    private RecordVerdict parse(ApprovalsSource s, String name) {
        byte[] bytes = s.files().get(name);
        String stem = ApprovalFiles.stem(name);
        String shown = s.shown(name);
        String sha = "sha256:" + ResourceParser.sha256(bytes);
        Problems problems = new Problems();
        Optional<ChangeRecord> record = StrictYaml.parse(shown, bytes, problems)
                .flatMap(root -> RecordParser.parse(shown, null, root, policy.maxValidity(), problems));
        if (record.isEmpty()) {
            return new RecordVerdict(
                    stem,
                    s.name(),
                    shown,
                    sha,
                    Status.REFUSED,
                    RecordVerdict.INVALID,
                    problems.lines(),
                    List.of(),
                    0,
                    List.of(),
                    null);
        }
        ChangeRecord r = record.get();
        if (!r.id().equals(stem)) {
            return new RecordVerdict(
                    stem,
                    s.name(),
                    shown,
                    sha,
                    Status.REFUSED,
                    RecordVerdict.ID_MISMATCH,
                    List.of(shown + ": id '" + r.id() + "' is not the file name's stem '" + stem + "'"),
                    List.of(),
                    0,
                    List.of(),
                    r);
        }
        return new RecordVerdict(
                r.id(), s.name(), shown, sha, Status.EFFECTIVE, null, List.of(), List.of(), 0, List.of(), r);
    }

    /** Counts its own approvers' signatures, each key once, valid now and at {@code approved_at}. */
    private RecordVerdict authorise(RecordVerdict v, List<ApprovalsSource> sources, Instant now) {
        ChangeRecord r = v.record();
        int quorum = policy.required();
        if (r.approvedAt().isAfter(now.plus(FUTURE_SKEW))) {
            return withQuorum(v, quorum)
                    .refused(
                            RecordVerdict.APPROVED_IN_FUTURE,
                            v.file() + ": approved_at " + r.approvedAt() + " is more than " + FUTURE_SKEW.toMinutes()
                                    + " minutes ahead of the clock (" + now + ")");
        }
        ApprovalsSource source = sources.stream()
                .filter(s -> s.name().equals(v.source()))
                .findFirst()
                .orElseThrow();
        String file = r.id() + ApprovalFiles.RECORD_SUFFIX;
        byte[] bytes = source.files().get(file);
        SignoffVerifier check = new SignoffVerifier(signers, 1);
        // each key counts once, for its single literal principal, at the real clock and at approved_at
        Set<SshPublicKey> counted = new HashSet<>();
        List<Signer> names = new ArrayList<>();
        List<Instant> until = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<SshPublicKey> outside = new HashSet<>();
        List<String> sigs = source.files().keySet().stream()
                .filter(n -> ApprovalFiles.signs(n, file))
                .toList();
        if (sigs.size() > ApprovalsSource.MAX_SIGNATURES) {
            problems.add(source.shown(file) + ": " + sigs.size() + " signatures; only the first "
                    + ApprovalsSource.MAX_SIGNATURES + " by name are checked");
            sigs = sigs.subList(0, ApprovalsSource.MAX_SIGNATURES);
        }
        for (String sig : sigs) {
            SignatureCheck c = check.check(
                    source.shown(sig),
                    source.files().get(sig),
                    bytes,
                    AllowedSigners.Role.APPROVER,
                    now,
                    new HashSet<>(counted));
            String principal = c.counts() ? c.principal() : null;
            if (!c.counts()) {
                problems.add(c.file() + ": " + c.problem());
                // a key that would count but for its validity at the real clock: named, not just "unauthorised"
                if (c.key() != null && !counted.contains(c.key())) {
                    signers.principalIgnoringTime(c.key(), AllowedSigners.Role.APPROVER)
                            .filter(r.approvedBy()::contains)
                            .ifPresent(p -> outside.add(c.key()));
                }
            } else if (!r.approvedBy().contains(principal)) {
                problems.add(c.file() + ": " + principal + " is not in approved_by " + r.approvedBy());
            } else if (!principal.equals(signers.principalFor(c.key(), AllowedSigners.Role.APPROVER, r.approvedAt())
                    .name())) {
                outside.add(c.key());
                problems.add(c.file() + ": " + principal + "'s key was not valid at approved_at " + r.approvedAt());
            } else {
                counted.add(c.key());
                names.add(new Signer(principal, c.fingerprint()));
                until.add(signers.principalFor(c.key(), AllowedSigners.Role.APPROVER, now)
                        .validBefore());
            }
        }
        List<String> flags = new ArrayList<>();
        long lasting = until.stream()
                .filter(t -> t == null || !t.isBefore(r.expires()))
                .count();
        if (counted.size() >= quorum && lasting < quorum) {
            flags.add(RecordVerdict.SIGNER_EXPIRING);
        }
        RecordVerdict counted1 = new RecordVerdict(
                v.id(), v.source(), v.file(), v.sha256(), Status.EFFECTIVE, null, problems, names, quorum, flags, r);
        if (counted.size() >= quorum) {
            return counted1;
        }
        outside.removeAll(counted);
        String reason = counted.size() + outside.size() >= quorum
                ? RecordVerdict.OUTSIDE_KEY_VALIDITY
                : RecordVerdict.UNAUTHORISED;
        return counted1.refused(
                reason, r.id() + ": signed by " + counted.size() + " of its approvers' keys, " + quorum + " required");
    }

    private static RecordVerdict withQuorum(RecordVerdict v, int quorum) {
        return new RecordVerdict(
                v.id(),
                v.source(),
                v.file(),
                v.sha256(),
                v.status(),
                v.reason(),
                v.problems(),
                v.signers(),
                quorum,
                v.flags(),
                v.record());
    }

    private static <T> Map<String, Long> count(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, Long> out = new LinkedHashMap<>();
        items.forEach(i -> out.merge(key.apply(i), 1L, Long::sum));
        return out;
    }
}
