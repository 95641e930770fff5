package io.driftwarden.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The port to the webhook outbox: each event is queued per endpoint in the transaction that records its run, and
 * stays until the endpoint took it (at least once, under its deterministic delivery id) or refused it for good (the
 * dead letters). A stream's events leave in sequence order: the next waits until the one before it is delivered or
 * dead. Implemented over JDBC in the store.
 */
public interface WebhookQueue {
    /** One event to queue for one endpoint, with its stored (full) JSON payload. */
    record Queued(String endpoint, String deliveryId, String streamId, long seq, String event, String payload) {}

    /** A queued event as the sender takes it. */
    record Delivery(
            long id,
            String endpoint,
            String deliveryId,
            String streamId,
            long seq,
            String event,
            String payload,
            int attempts,
            int refusals,
            List<Long> coalescedSeqs) {
        public Delivery {
            coalescedSeqs = List.copyOf(coalescedSeqs);
        }
    }

    /** What waits for an endpoint, what it refused for good, and since when the oldest waits (null: none). */
    record Stats(long pending, long dead, Instant oldestPending) {}

    /**
     * The head of each of the endpoint's streams that is due by {@code now}, at most {@code limit}. A run of pending
     * {@code value_changed} events of one stream, none tried yet, first coalesces into the newest (which lists the
     * sequence numbers it stands for). One transaction.
     */
    List<Delivery> due(String endpoint, Instant now, int limit);

    void delivered(long id, int status, Instant at);

    /**
     * A failed attempt, counted ({@code refused}: the receiver refused it, as opposed to failing to answer), kept
     * until {@code next}.
     */
    void retry(long id, int status, String error, Instant next, boolean refused);

    /** Refused for good: moved to the dead letters (it no longer holds its stream back). */
    void dead(long id, int status, String error, Instant at);

    /** By endpoint. */
    Map<String, Stats> stats();

    /** The endpoint's dead letters, oldest first. */
    List<Delivery> deadLetters(String endpoint);

    /** A queue that holds nothing (storage without webhooks). */
    WebhookQueue NONE = new WebhookQueue() {
        @Override
        public List<Delivery> due(String endpoint, Instant now, int limit) {
            return List.of();
        }

        @Override
        public void delivered(long id, int status, Instant at) {}

        @Override
        public void retry(long id, int status, String error, Instant next, boolean refused) {}

        @Override
        public void dead(long id, int status, String error, Instant at) {}

        @Override
        public Map<String, Stats> stats() {
            return Map.of();
        }

        @Override
        public List<Delivery> deadLetters(String endpoint) {
            return List.of();
        }
    };
}
