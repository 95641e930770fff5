package io.driftwarden.run;

import io.driftwarden.config.Config;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.notify.OutgoingMail;
import io.driftwarden.notify.webhook.SlackBody;
import io.driftwarden.notify.webhook.WebhookPayload;
import io.driftwarden.notify.webhook.WebhookSender;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the webhook outbox, one endpoint at a time on the caller's thread (the daemon gives each endpoint a thread of
 * its own, so a slow receiver holds no run, no mail and no other receiver). Each stream's events leave in order; a
 * receiver that fails pauses its endpoint until the next pass (one attempt per pass while it is down); one that refuses
 * an event {@code max_attempts} times moves it to the dead letters, with a mail and a metric.
 */
final class RunWebhooks {
    private static final Logger LOG = LoggerFactory.getLogger(RunWebhooks.class);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final int BATCH = 50;

    private final Config cfg;
    private final WebhookQueue queue;
    private final MailQueue mail;
    private final Clock clock;
    private final DriftwardenMetrics metrics;
    private final Map<String, WebhookSender> senders = new TreeMap<>();
    private final Map<String, Config.Webhook> endpoints = new TreeMap<>();

    /** Reads every endpoint's secrets and URL file now: a bad one stops the start, not a delivery at 3 a.m. */
    RunWebhooks(Config cfg, WebhookQueue queue, MailQueue mail, Clock clock, DriftwardenMetrics metrics) {
        this.cfg = cfg;
        this.queue = queue;
        this.mail = mail;
        this.clock = clock;
        this.metrics = metrics;
        for (Config.Webhook w : cfg.webhooks()) {
            senders.put(w.name(), WebhookSender.of(w, "driftwarden"));
            endpoints.put(w.name(), w);
            if (metrics != null) {
                metrics.webhookEndpoint(w.name());
            }
        }
    }

    List<String> endpoints() {
        return List.copyOf(endpoints.keySet());
    }

    /** Sends what is due for one endpoint, within {@code budget}; safe to call at any time. */
    void drain(String endpoint, Duration budget) {
        WebhookSender sender = senders.get(endpoint);
        Config.Webhook w = endpoints.get(endpoint);
        Instant until = clock.instant().plus(budget);
        try {
            boolean paused = false;
            while (!paused && clock.instant().isBefore(until)) {
                List<WebhookQueue.Delivery> due = queue.due(endpoint, clock.instant(), BATCH);
                if (due.isEmpty()) {
                    break;
                }
                for (WebhookQueue.Delivery d : due) {
                    paused = !send(sender, w, d);
                    if (paused || !clock.instant().isBefore(until)) {
                        break;
                    }
                }
            }
        } catch (RuntimeException e) { // the store among them: the next pass tries again
            LOG.error("webhook {}: drain failed: {}", endpoint, e.toString());
        }
        show();
    }

    /** False when the endpoint should wait until the next pass. */
    private boolean send(WebhookSender sender, Config.Webhook w, WebhookQueue.Delivery d) {
        String body = WebhookPayload.forSending(d.payload(), w.minimal(), d.coalescedSeqs());
        if (w.format().equals("slack")) {
            body = SlackBody.of(body); // as sent: minimal or not, with its coalesced seqs
        }
        Instant now = clock.instant();
        WebhookSender.Outcome o = sender.send(
                d.deliveryId(), d.event(), d.streamId(), d.seq(), body.getBytes(StandardCharsets.UTF_8), now);
        switch (o.kind()) {
            case DELIVERED -> {
                queue.delivered(d.id(), o.status(), clock.instant());
                count(w, o.status() == 409 ? "duplicate" : "delivered");
                return true;
            }
            case RETRY -> {
                Duration wait = o.retryAfter() != null ? o.retryAfter() : backoff(w, d.attempts());
                queue.retry(d.id(), o.status(), o.error(), clock.instant().plus(wait), false); // from the attempt's end
                count(w, "retried");
                LOG.warn(
                        "webhook {} ({}): {} {} not delivered, again in {} s: {}",
                        w.name(),
                        sender.shown(),
                        d.event(),
                        d.deliveryId(),
                        wait.toSeconds(),
                        o.error());
                return false;
            }
            default -> {
                if (d.refusals() + 1 >= w.maxAttempts()) { // refusals only: failures to answer do not count
                    queue.dead(d.id(), o.status(), o.error(), now);
                    count(w, "dead_letter");
                    LOG.error(
                            "webhook {} ({}): {} {} refused {} times ({}): moved to the dead letters",
                            w.name(),
                            sender.shown(),
                            d.event(),
                            d.deliveryId(),
                            w.maxAttempts(),
                            o.error());
                    deadLetterMail(w, d, o);
                    return true; // no longer holds its stream back
                }
                queue.retry(d.id(), o.status(), o.error(), now.plus(backoff(w, d.attempts())), true);
                count(w, "retried");
                return false;
            }
        }
    }

    private Duration backoff(Config.Webhook w, int attempts) {
        Duration d = w.retryAfter().multipliedBy(1L << Math.min(attempts, 16));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private void deadLetterMail(Config.Webhook w, WebhookQueue.Delivery d, WebhookSender.Outcome o) {
        if (cfg.email() == null) {
            return;
        }
        String text = "The webhook endpoint " + w.name() + " refused an event " + w.maxAttempts() + " times ("
                + o.error() + "), so it is in the dead letters and no longer holds its stream back.\n\n"
                + "  event: " + d.event() + "\n  delivery_id: " + d.deliveryId() + "\n  episode: " + d.streamId()
                + "\n  seq: " + d.seq() + "\n\nThe receiver will see a gap in this episode's sequence numbers. Fix the"
                + " receiver; the event stays listed by the driftwarden_webhook_dead_letters metric.\n";
        try {
            mail.enqueue(
                    new OutgoingMail(
                            0,
                            "<webhook-dead-" + w.name() + "-" + d.deliveryId() + "." + cfg.instance() + "@driftwarden>",
                            OutgoingMail.SECURITY,
                            null,
                            "[driftwarden " + cfg.instance() + "] webhook " + w.name()
                                    + ": an event in the dead letters",
                            text,
                            "<!DOCTYPE html><html><body><pre>" + io.driftwarden.report.HtmlReport.escape(text)
                                    + "</pre></body></html>",
                            List.of()),
                    clock.instant());
        } catch (IllegalStateException e) {
            LOG.error("webhook {}: the dead-letter mail could not be queued: {}", w.name(), e.getMessage());
        }
    }

    private void count(Config.Webhook w, String outcome) {
        if (metrics != null) {
            metrics.webhookDelivery(w.name(), outcome);
        }
    }

    private void show() {
        if (metrics == null) {
            return;
        }
        try {
            Map<String, WebhookQueue.Stats> stats = queue.stats();
            Map<String, Long> pending = new TreeMap<>();
            Map<String, Long> dead = new TreeMap<>();
            for (String e : endpoints.keySet()) {
                WebhookQueue.Stats s = stats.get(e);
                pending.put(e, s == null ? 0 : s.pending());
                dead.put(e, s == null ? 0 : s.dead());
            }
            metrics.webhooks(pending, dead);
        } catch (RuntimeException e) {
            LOG.warn("webhooks: cannot read the outbox's counts: {}", e.toString());
        }
    }
}
