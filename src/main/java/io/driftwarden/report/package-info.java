/**
 * The writers of a run's report (JSON {@code driftwarden.report/v1}, text, HTML; the mail's bodies): one
 * ReportWriter interface, each only reading the RunReport. Depends on audit and the core's value types.
 */
package io.driftwarden.report;
