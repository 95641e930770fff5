/**
 * The run's result model, assembled once (Findings, AuditResult, RunReport, drift events), and observing and judging
 * the hosts in parallel and bounded (AuditRun). Depends on the inputs and the pure core, never on the store or sinks.
 */
package io.driftwarden.audit;
