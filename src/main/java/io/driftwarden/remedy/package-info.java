/**
 * Remedies for drift, as the use cases the commands call: revert, undo and the evidence list (enforce identity), adopt.
 * May depend on config, audit, diff, standard, revert, adopt, admission, run, impact and store; never on cli.
 */
package io.driftwarden.remedy;
