package io.driftwarden.remedy;

import io.driftwarden.admission.AcceptedRevisions;
import io.driftwarden.impact.LastAudits;

/**
 * What a remedy reads and records, as ports: the accepted revisions it admits the bundle against, and the evidence
 * log. Opened by the command when the remedy asks for it (after its own refusals), closed when the remedy is done.
 */
public interface RemedyStorage extends AutoCloseable {
    EvidenceJournal evidence();

    AcceptedRevisions revisions();

    /** What the store remembers of each host's last audit (adopt shows the patched bundle's impact). */
    LastAudits lastAudits();

    @Override
    void close();
}
