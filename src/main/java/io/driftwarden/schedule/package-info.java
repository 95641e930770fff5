/**
 * Quartz, thinly and confined here: the cron job, never two runs at once, one catch-up run after downtime, one
 * manual run waiting; and cron parsing. Depends on nothing else of ours.
 */
package io.driftwarden.schedule;
