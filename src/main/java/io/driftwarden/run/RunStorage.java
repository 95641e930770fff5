package io.driftwarden.run;

import io.driftwarden.admission.AcceptedRevisions;

/** What a run keeps in storage, as the ports the pipeline uses; the composition root builds them over the store. */
public record RunStorage(RunJournal journal, MailQueue mail, AcceptedRevisions revisions, WebhookQueue webhooks) {
    public RunStorage(RunJournal journal, MailQueue mail, AcceptedRevisions revisions) {
        this(journal, mail, revisions, WebhookQueue.NONE);
    }
}
