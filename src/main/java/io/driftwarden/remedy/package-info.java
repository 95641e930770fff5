/**
 * Remedies for drift, as the use cases the commands call: revert, undo and the evidence list (enforce identity), adopt.
 * Owns its storage ports (RemedyStorage, EvidenceJournal); never depends on the store or cli.
 */
package io.driftwarden.remedy;
