/**
 * One run pipeline: admit, inventory, observe and judge, history step, record, enrich, assemble once, publish; with
 * its recipes for audit, the preview and the daemon. Owns the ports it keeps its history and outbox through (RunJournal,
 * MailQueue); never sees the store that implements them.
 */
package io.driftwarden.run;
