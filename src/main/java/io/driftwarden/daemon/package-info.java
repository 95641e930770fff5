/**
 * The daemon: its wiring (store lease, scheduled run, outbox thread, HTTP listeners, ordered shutdown) and the
 * scheduled run with its metrics. Depends on run, schedule, http, metrics and store.
 */
package io.driftwarden.daemon;
