/**
 * Pure: the drift episodes carried from run to run (open, value changed, flap, resolved by host, standard or
 * inventory) under the configured episode rules. Depends on audit and standard.
 */
package io.driftwarden.history;
