/**
 * Admitting a standards bundle before a run: verify the sign-off, parse exactly the verified bytes, refuse a rollback,
 * authorise change records by their own approvers, or fall back to the last accepted revision (the daemon).
 */
package io.driftwarden.admission;
