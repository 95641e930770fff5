/**
 * The daemon: its wiring (store lease, scheduled run, outbox thread, HTTP listeners, ordered shutdown) and the
 * scheduled run with its metrics. Depends on run, schedule, http and metrics; its storage comes as ports (DaemonStorage).
 */
package io.driftwarden.daemon;
