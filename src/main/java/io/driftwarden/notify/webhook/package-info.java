/**
 * Outbound webhooks: each follow-up event as a signed JSON body (or a Slack message), delivered at least once from
 * the store's webhook outbox over https, with no redirect followed, bounded in time, and a dead-letter list for what a
 * receiver refuses for good. {@code java.net.http} is used here only.
 */
package io.driftwarden.notify.webhook;
