/**
 * Pure: the board's follow-through. Each unapproved drift is a stream of events keyed on (host, resource, property)
 * that a ticket can follow (opened, value changed, flapped, escalated, resolved with its cause), with a deadline
 * that escalates level by level; a host nobody can audit, and each change record, have streams of their own. Values
 * in, values out: the run's history step and verdicts in, the next state and the events out; no clock, no I/O.
 */
package io.driftwarden.followup;
