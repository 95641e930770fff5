/**
 * Every metric, registered in one place with bounded labels (Micrometer, confined here), and how a run ended.
 * Depends on audit and history; only reads them.
 */
package io.driftwarden.metrics;
