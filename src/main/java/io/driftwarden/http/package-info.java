/**
 * The daemon's Jetty listeners (metrics and health; the token-protected API) and the per-request deadline; the only
 * package that imports Jetty. Depends on nothing else of ours: the daemon hands it what to serve.
 */
package io.driftwarden.http;
