/**
 * Pure revert and undo planning (steps from a fixed vocabulary, the undo decided before anything runs), the apply
 * script with the plan embedded as data, the evidence record. Depends on audit, collect, diff and standard.
 */
package io.driftwarden.revert;
