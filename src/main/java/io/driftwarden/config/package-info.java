/**
 * Reads {@code driftwarden.yaml} strictly, applies every default and environment override, refuses trust files
 * others can write. Depends on yaml and schedule (cron checks).
 */
package io.driftwarden.config;
