package io.driftwarden.run;

import io.driftwarden.approval.RecordVerdict;
import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.approval.SelfApproval;
import io.driftwarden.audit.Actor;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.HostResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The records whose approver is also the probable actor of a drift they approve, known once the possible actors
 * were looked up: flagged, so the board sees a hotfix approved by the one who made it.
 */
final class SelfApprovedRecords {
    private SelfApprovedRecords() {}

    static Set<String> of(List<HostResult> hosts, RecordVerdicts verdicts, Map<String, List<String>> accounts) {
        Set<String> out = new TreeSet<>();
        for (HostResult h : hosts) {
            for (ClassifiedDrift d : h.drifts()) {
                String id = d.classification().approval();
                if (!d.classification().approved() || d.actors().isEmpty()) {
                    continue;
                }
                List<String> users = d.actors().stream()
                        .map(Actor::user)
                        .filter(Objects::nonNull)
                        .toList();
                verdicts.verdicts().stream()
                        .filter(v -> v.id().equals(id) && v.effective())
                        .filter(v -> SelfApproval.selfApproved(
                                v.signers().stream()
                                        .map(RecordVerdict.Signer::principal)
                                        .distinct()
                                        .toList(),
                                users,
                                accounts))
                        .forEach(v -> out.add(id));
            }
        }
        return out;
    }
}
