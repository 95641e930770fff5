/**
 * Whether a run is mailed (policy, maintenance windows, routes) and composing the mails within their size limit,
 * with stable Message-IDs. Depends on audit, config and report; sends nothing itself.
 */
package io.driftwarden.notify;
