package io.driftwarden.signoff;

import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.bundle.BundleFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A change record approves only when enough of its own {@code approved_by} principals signed that record
 * file ({@code approvals/<id>.yaml.<label>.sig}, namespace driftwarden-approval). Signing the standard does
 * not make anyone an approver of deviations from it.
 */
public final class RecordAuthorizer {
    public static final String NAMESPACE = "driftwarden-approval";

    /** Whether a record may approve, who signed it, and what did not count. */
    public record Authorisation(String id, boolean authorised, List<String> signers, List<String> problems) {}

    private final SignoffVerifier verifier;
    private final int required;

    public RecordAuthorizer(AllowedSigners signers, int required) {
        this.verifier = new SignoffVerifier(signers, 1);
        this.required = required;
    }

    public Authorisation authorise(ChangeRecord record, BundleFiles bundle, Instant now) {
        String file = record.file();
        byte[] bytes = bundle.get(file).orElse(new byte[0]);
        Set<SshPublicKey> counted = new HashSet<>();
        Set<String> names = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String rel : bundle.paths()) {
            if (rel.startsWith(file + ".") && rel.endsWith(".sig") && rel.indexOf('/', file.length()) < 0) {
                Set<SshPublicKey> seen = new HashSet<>(counted);
                SignatureCheck c = verifier.check(rel, bundle.get(rel).orElseThrow(), bytes, NAMESPACE, now, seen);
                if (!c.counts()) {
                    problems.add(rel + ": " + c.problem());
                } else if (!record.approvedBy().contains(c.principal())) {
                    problems.add(rel + ": " + c.principal() + " is not in approved_by " + record.approvedBy());
                } else {
                    counted.addAll(seen);
                    names.add(c.principal());
                }
            }
        }
        boolean ok = counted.size() >= required;
        if (!ok) {
            problems.add(record.id() + ": signed by " + names.size() + " of its approvers, " + required + " required");
        }
        return new Authorisation(record.id(), ok, List.copyOf(names), problems);
    }
}
