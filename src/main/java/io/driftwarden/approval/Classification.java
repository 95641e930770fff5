package io.driftwarden.approval;

import java.util.List;

/** The verdict on one drift: approved or unapproved, why, and which records were considered. */
public record Classification(
        String classification, String reason, String approval, List<String> alsoApprovedBy, List<NearMiss> nearMisses) {
    public Classification {
        alsoApprovedBy = List.copyOf(alsoApprovedBy);
        nearMisses = List.copyOf(nearMisses);
    }

    public boolean approved() {
        return classification.equals("approved");
    }
}
