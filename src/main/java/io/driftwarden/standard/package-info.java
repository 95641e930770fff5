/**
 * Pure: the standard model, resources and their load rules, selectors, the host plan, Debian version ordering,
 * globs and name checks. No clock, files, logging or network.
 */
package io.driftwarden.standard;
