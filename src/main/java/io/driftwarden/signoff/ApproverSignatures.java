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

    /** {@code approvers} null: any approver counts; otherwise only those principals (a record's approved_by). */
    Counted count(ApprovalsSource source, String file, byte[] bytes, List<String> approvers, Instant now) {
        SignoffVerifier check = new SignoffVerifier(signers, 1);
        List<Signer> counted = new ArrayList<>();
        List<SshPublicKey> keys = new ArrayList<>();
        List<SignatureCheck> refused = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> sigs = source.files().keySet().stream()
                .filter(n -> ApprovalFiles.signs(n, file))
                .toList();
        if (sigs.size() > ApprovalsSource.MAX_SIGNATURES) {
            problems.add(source.shown(file) + ": " + sigs.size() + " signatures; only the first "
                    + ApprovalsSource.MAX_SIGNATURES + " by name are checked");
            sigs = sigs.subList(0, ApprovalsSource.MAX_SIGNATURES);
        }
        Set<SshPublicKey> seen = new HashSet<>();
        for (String sig : sigs) {
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
