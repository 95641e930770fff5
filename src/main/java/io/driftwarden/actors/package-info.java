/**
 * The possible actors of a new drift: the fixed read-only script that gathers log lines and file times for its window,
 * and their pure ranking. Depends on audit, collect, standard and report (the redactor); no I/O of its own.
 */
package io.driftwarden.actors;
