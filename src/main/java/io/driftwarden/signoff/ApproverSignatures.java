package io.driftwarden.signoff;

import io.driftwarden.approval.ApprovalFiles;
import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.RecordVerdict.Signer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure: the approver signatures over one file of an approvals source ({@code <file>.<label>.sig}, namespace
 * {@code driftwarden-approval}), each key counted once for its single literal principal at the real clock; at most
 * {@link ApprovalsSource#MAX_SIGNATURES} are checked (the first by name), the excess reported.
 */
final class ApproverSignatures {
    /** What counted (principal and key, in the same order) and what did not, with why. */
    record Counted(List<Signer> signers, List<SshPublicKey> keys, List<SignatureCheck> refused, List<String> problems) {
        List<String> principals() {
            return signers.stream().map(Signer::principal).toList();
        }
    }

    private final AllowedSigners signers;

    ApproverSignatures(AllowedSigners signers) {
        this.signers = signers;
    }

    AllowedSigners allowed() {
        return signers;
    }

    /**
     * {@code approvers} null: any approver counts; otherwise only those principals (a record's approved_by).
     * {@code now} null: the keys' validity is not checked (tombstones). Every signature file is parsed (cheap) and
     * those whose key is no approver's are set aside first, so junk signatures can never crowd out a real one; only
     * the first {@link ApprovalsSource#MAX_SIGNATURES} of the rest are verified (the crypto), the excess reported.
     */
    Counted count(ApprovalsSource source, String file, byte[] bytes, List<String> approvers, Instant now) {
        SignoffVerifier check = new SignoffVerifier(signers, 1);
        List<Signer> counted = new ArrayList<>();
        List<SshPublicKey> keys = new ArrayList<>();
        List<SignatureCheck> refused = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (String sig : source.files().keySet()) {
            if (!ApprovalFiles.signs(sig, file)) {
                continue;
            }
            try {
                SshPublicKey key = SshSig.parse(source.files().get(sig)).publicKey();
                if (signers.principalIgnoringTime(key, AllowedSigners.Role.APPROVER)
                        .isEmpty()) {
                    problems.add(source.shown(sig) + ": key " + key.fingerprint() + " is no approver's: no line of "
                            + signers.source() + " gives it namespaces=\"driftwarden-approval\" alone");
                } else {
                    candidates.add(sig);
                }
            } catch (SshFormatException e) {
                problems.add(source.shown(sig) + ": unparseable: " + e.getMessage());
            }
        }
        if (candidates.size() > ApprovalsSource.MAX_SIGNATURES) {
            problems.add(source.shown(file) + ": " + candidates.size() + " signatures by approver keys; only the first "
                    + ApprovalsSource.MAX_SIGNATURES + " by name are verified");
            candidates = candidates.subList(0, ApprovalsSource.MAX_SIGNATURES);
        }
        Set<SshPublicKey> seen = new HashSet<>();
        for (String sig : candidates) {
            SignatureCheck c = check.check(
                    source.shown(sig),
                    source.files().get(sig),
                    bytes,
                    AllowedSigners.Role.APPROVER,
                    now,
                    new HashSet<>(seen));
            if (!c.counts()) {
                refused.add(c);
                problems.add(c.file() + ": " + c.problem());
            } else if (approvers != null && !approvers.contains(c.principal())) {
                problems.add(c.file() + ": " + c.principal() + " is not in approved_by " + approvers);
            } else {
                seen.add(c.key());
                counted.add(new Signer(c.principal(), c.fingerprint()));
                keys.add(c.key());
            }
        }
        return new Counted(counted, keys, refused, problems);
    }
}
