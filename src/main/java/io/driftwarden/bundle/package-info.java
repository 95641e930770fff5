/**
 * Reads a standards bundle once: standards, change records and content sources, every problem together, never
 * half-used. Depends on standard, approval and yaml.
 */
package io.driftwarden.bundle;
