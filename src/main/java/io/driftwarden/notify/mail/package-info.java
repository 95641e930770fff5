/**
 * Sending one outbox mail over SMTP (Jakarta Mail and Angus, confined here) within its deadline. Depends on
 * config and notify.
 */
package io.driftwarden.notify.mail;
