/**
 * Change records: parsing, their states at an instant, the pure classifier, near misses and per-run record flags.
 * Pure (no clock, files, logging or network); depends on standard and yaml.
 */
package io.driftwarden.approval;
