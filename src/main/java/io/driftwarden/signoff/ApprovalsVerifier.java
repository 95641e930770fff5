package io.driftwarden.signoff;

import io.driftwarden.approval.ApprovalFiles;
import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.Breadth;
import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.approval.IndexFloor;
import io.driftwarden.approval.RecordParser;
import io.driftwarden.approval.RecordVerdict;
import io.driftwarden.approval.RecordVerdict.Status;
import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.approval.SourceState;
import io.driftwarden.approval.Tombstone;
import io.driftwarden.standard.ResourceParser;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: the verdict on every change record of the approvals sources, from their bytes, allowed_signers, the real
 * clock and the index floors the store keeps (a cache of signed input, never the authority). A record is
 * effective only when the quorum of its own {@code approved_by} principals signed its file as approvers
 * ({@code driftwarden-approval}) at a time their keys were valid, it is listed in its source's signed index (once
 * the source has one), and no tombstone withdrew its id. Each refusal is named. The standard's reviewers sign
 * nothing here.
 */
public final class ApprovalsVerifier {
    /** How far ahead of the real clock an {@code approved_at} may be (clocks of laptops at 3 a.m. drift). */
    public static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

    /**
     * The configured rules: approver keys per record, and per broad record ({@code broadRequired}); the longest a
     * record may be valid; what makes a record broad and the inventory it is judged on (the whole of it); whether
     * a record naming a protected resource is refused whatever it carries ({@code refuseProtected}); the records
     * ({@code id sha256}) found self-approved by an earlier run that approve nothing ({@code refuseSelfApproved}).
     */
    public record Policy(
            int required,
            int broadRequired,
            Duration maxValidity,
            Breadth.Policy breadth,
            boolean refuseProtected,
            List<Breadth.Reach> inventory,
            Set<String> refuseSelfApproved) {
        public Policy {
            inventory = List.copyOf(inventory);
            refuseSelfApproved = Set.copyOf(refuseSelfApproved);
        }

        /** No breadth rules: every record needs {@code required} keys. */
        public Policy(int required, Duration maxValidity) {
            this(
                    required,
                    required,
                    maxValidity,
                    new Breadth.Policy(Integer.MAX_VALUE, List.of()),
                    false,
                    List.of(),
                    Set.of());
        }
    }

    private final AllowedSigners signers;
    private final Policy policy;

    /** {@code signers} null: the insecure unsigned mode, records taken as written (still parsed and de-duplicated). */
    public ApprovalsVerifier(AllowedSigners signers, Policy policy) {
        this.signers = signers;
        this.policy = policy;
    }

    public RecordVerdicts verify(List<ApprovalsSource> sources, Instant now) {
        return verify(sources, Map.of(), now);
    }

    /** {@code floors}: the store's highest index per source name (empty: a fresh store remembers nothing). */
    public RecordVerdicts verify(List<ApprovalsSource> sources, Map<String, IndexFloor> floors, Instant now) {
        ApproverSignatures approvers = signers == null ? null : new ApproverSignatures(signers);
        List<RecordVerdict> parsed = new ArrayList<>();
        List<SourceState> states = new ArrayList<>();
        Map<String, String> withdrawnBy = new TreeMap<>(); // folded id -> why
        for (ApprovalsSource s : sources) {
            SourceState state = new SourceState(s.name(), s.location(), s.failure(), s.notes());
            if (s.failed()) {
                states.add(state);
                continue;
            }
            IndexCheck.Result index = approvers == null
                    ? new IndexCheck.Result(null, null, null, Map.of(), Set.of())
                    : IndexCheck.judge(s, floors.get(s.name()), approvers, now);
            List<String> notes = new ArrayList<>(s.notes());
            withdrawals(s, index, approvers, now, notes, withdrawnBy);
            if (index.failed()) {
                states.add(new SourceState(
                        s.name(), s.location(), new ApprovalsSource.Failure(index.reason(), index.message()), notes));
                continue;
            }
            List<RecordVerdict> mine = new ArrayList<>();
            List<String> broken = new ArrayList<>();
            for (String name : s.files().keySet()) {
                if (ApprovalFiles.kind(name) == ApprovalFiles.Kind.RECORD) {
                    RecordVerdict v = parse(s, name);
                    if (RecordVerdict.INVALID.equals(v.reason())) {
                        broken.addAll(v.problems());
                    } else if (index.state() != null
                            && !v.sha256().equals(index.listed().get(name))) {
                        mine.add(v.refused(
                                RecordVerdict.NOT_IN_INDEX,
                                v.file() + ": " + (index.listed().containsKey(name) ? "differs from" : "is not in")
                                        + " the signed index serial "
                                        + index.state().serial()
                                        + " (run `driftwarden approvals index` and have an approver sign it)"));
                    } else {
                        mine.add(v);
                    }
                }
            }
            if (!broken.isEmpty()) {
                // a record that does not load is a load error of its source (never half-used): loud, and it
                // withdraws nothing
                states.add(new SourceState(
                        s.name(),
                        s.location(),
                        new ApprovalsSource.Failure("invalid", String.join("\n", broken)),
                        notes,
                        index.state()));
                continue;
            }
            parsed.addAll(mine);
            states.add(new SourceState(s.name(), s.location(), null, notes, index.state()));
        }
        // signatures first: only records that would count take part in the duplicate rules, so an unsigned or
        // unindexed file dropped beside a signed record can never knock it out
        List<RecordVerdict> authorised = parsed.stream()
                .map(v -> v.status() == Status.REFUSED || approvers == null ? v : authorise(v, sources, approvers, now))
                .toList();
        List<RecordVerdict> contenders =
                authorised.stream().filter(RecordVerdict::effective).toList();
        Map<String, Long> byId = new LinkedHashMap<>();
        contenders.forEach(v -> byId.merge(v.id(), 1L, Long::sum));
        Map<String, Set<String>> byFolded = new HashMap<>();
        contenders.forEach(v ->
                byFolded.computeIfAbsent(fold(v.id()), k -> new TreeSet<>()).add(v.id()));
        List<RecordVerdict> out = new ArrayList<>();
        for (RecordVerdict v : authorised) {
            RecordVerdict judged = v;
            if (v.effective()) {
                Set<String> folded = byFolded.get(fold(v.id()));
                if (byId.get(v.id()) > 1) {
                    judged = v.refused(
                            RecordVerdict.DUPLICATE_ID,
                            "the id " + v.id() + " is in more than one approvals source: neither is used");
                } else if (folded.size() > 1) {
                    judged = v.refused(
                            RecordVerdict.CASE_DUPLICATE_ID, "ids " + folded + " differ only in case: none is used");
                } else if (policy.refuseSelfApproved().contains(v.id() + " " + v.sha256())) {
                    judged = v.refused(
                            RecordVerdict.SELF_APPROVED_REFUSAL,
                            v.file() + ": an earlier run found its approver to be the probable actor of a drift it"
                                    + " approves, and signoff.self_approved is refuse: another approver must sign a"
                                    + " new version");
                }
            }
            String why = withdrawnBy.get(fold(v.id()));
            out.add(why == null ? judged : judged.withdrawn(why));
        }
        return new RecordVerdicts(out, states, signers != null, new TreeSet<>(withdrawnBy.keySet()), !floors.isEmpty());
    }

    private static String fold(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    /**
     * The ids this source withdraws: a tombstone signed by any approver key, or listed in the signed index or in the
     * floor's (kept forever, so a pruned tombstone still withdraws). An unsigned, unlisted tombstone withdraws
     * nothing and is noted. In unsigned mode every tombstone withdraws.
     */
    private static void withdrawals(
            ApprovalsSource s,
            IndexCheck.Result index,
            ApproverSignatures approvers,
            Instant now,
            List<String> notes,
            Map<String, String> withdrawnBy) {
        for (String name : s.files().keySet()) {
            if (ApprovalFiles.kind(name) != ApprovalFiles.Kind.TOMBSTONE) {
                continue;
            }
            byte[] bytes = s.files().get(name);
            String about = describe(s, name, bytes, notes);
            if (approvers == null) {
                withdrawnBy.putIfAbsent(fold(ApprovalFiles.stem(name)), about + " (unsigned mode)");
                continue;
            }
            // withdrawing only removes approvals: a key that was ever an approver's counts, whatever its validity now
            ApproverSignatures.Counted c = approvers.count(s, name, bytes, null, null);
            boolean listed = !index.failed() && index.tombstones().contains(name);
            if (!c.signers().isEmpty() || listed) {
                withdrawnBy.putIfAbsent(
                        fold(ApprovalFiles.stem(name)),
                        about
                                + (c.signers().isEmpty()
                                        ? ", listed in the signed index"
                                        : ", signed by " + c.principals()));
            } else {
                notes.add(s.shown(name) + ": withdraws nothing: no approver signature counts and the signed index does"
                        + " not list it"
                        + (c.problems().isEmpty() ? "" : " (" + String.join("; ", c.problems()) + ")"));
            }
        }
        for (String name : index.tombstones()) { // listed, now or by the floor, but gone: withdrawn all the same
            if (!s.files().containsKey(name)) {
                withdrawnBy.putIfAbsent(
                        fold(ApprovalFiles.stem(name)),
                        s.shown(name) + " (listed in the signed index; the file itself is gone)");
            }
        }
    }

    private static String describe(ApprovalsSource s, String name, byte[] bytes, List<String> notes) {
        Problems problems = new Problems();
        Optional<Tombstone> t =
                StrictYaml.parse(s.shown(name), bytes, problems).flatMap(n -> Tombstone.parse(n, problems));
        if (t.isEmpty()) {
            notes.add(s.shown(name) + ": does not parse (" + String.join("; ", problems.lines())
                    + "); it withdraws its id all the same");
            return "withdrawn by " + s.shown(name);
        }
        return "withdrawn at " + t.get().withdrawnAt() + " by " + t.get().withdrawnBy() + ": "
                + t.get().reason() + " (" + s.shown(name);
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
    private RecordVerdict authorise(
            RecordVerdict v, List<ApprovalsSource> sources, ApproverSignatures approvers, Instant now) {
        ChangeRecord r = v.record();
        List<String> broad = Breadth.reasons(r, policy.inventory(), policy.breadth());
        int quorum = broad.isEmpty() ? policy.required() : Math.max(policy.required(), policy.broadRequired());
        if (policy.refuseProtected()
                && !Breadth.protectedIn(r, policy.breadth()).isEmpty()) {
            return v.withQuorum(quorum)
                    .refused(
                            RecordVerdict.PROTECTED,
                            v.file() + ": names the protected " + Breadth.protectedIn(r, policy.breadth())
                                    + ", and signoff.protected is refuse: change the standard instead");
        }
        if (r.approvedAt().isAfter(now.plus(FUTURE_SKEW))) {
            return v.withQuorum(quorum)
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
        ApproverSignatures.Counted c =
                approvers.count(source, file, source.files().get(file), r.approvedBy(), now);
        List<String> problems = new ArrayList<>(c.problems());
        List<RecordVerdict.Signer> names = new ArrayList<>();
        List<Instant> until = new ArrayList<>();
        Set<SshPublicKey> outside = new java.util.HashSet<>();
        for (int i = 0; i < c.keys().size(); i++) {
            SshPublicKey key = c.keys().get(i);
            String principal = c.signers().get(i).principal();
            if (!principal.equals(signers.principalFor(key, AllowedSigners.Role.APPROVER, r.approvedAt())
                    .name())) {
                outside.add(key);
                problems.add(file + ": " + principal + "'s key was not valid at approved_at " + r.approvedAt());
            } else {
                names.add(c.signers().get(i));
                until.add(signers.principalFor(key, AllowedSigners.Role.APPROVER, now)
                        .validBefore());
            }
        }
        // a key that would count but for its validity at the real clock: named, not just "unauthorised"
        for (SignatureCheck refused : c.refused()) {
            if (refused.key() != null
                    && !c.keys().contains(refused.key()) // the same key signing twice is not a second key
                    && signers.principalIgnoringTime(refused.key(), AllowedSigners.Role.APPROVER)
                            .filter(r.approvedBy()::contains)
                            .isPresent()) {
                outside.add(refused.key());
            }
        }
        List<String> flags = new ArrayList<>();
        long lasting = until.stream()
                .filter(t -> t == null || !t.isBefore(r.expires()))
                .count();
        if (names.size() >= quorum && lasting < quorum) {
            flags.add(RecordVerdict.SIGNER_EXPIRING);
        }
        RecordVerdict counted = new RecordVerdict(
                v.id(), v.source(), v.file(), v.sha256(), Status.EFFECTIVE, null, problems, names, quorum, flags, r);
        if (names.size() >= quorum) {
            return counted;
        }
        String reason = names.size() + outside.size() >= quorum
                ? RecordVerdict.OUTSIDE_KEY_VALIDITY
                : RecordVerdict.UNAUTHORISED;
        return counted.refused(
                reason,
                r.id() + ": signed by " + names.size() + " of its approvers' keys, " + quorum + " required"
                        + (broad.isEmpty() ? "" : " (broad: " + String.join("; ", broad) + ")"));
    }
}
