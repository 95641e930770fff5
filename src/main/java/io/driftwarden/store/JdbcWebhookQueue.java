package io.driftwarden.store;

import io.driftwarden.run.WebhookQueue;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@link WebhookQueue} over {@code webhook_deliveries} ({@link WebhookOutbox}): each call one transaction. */
final class JdbcWebhookQueue implements WebhookQueue {
    private final Store store;

    JdbcWebhookQueue(Store store) {
        this.store = store;
    }

    @Override
    public List<Delivery> due(String endpoint, Instant now, int limit) {
        return store.tx(c -> WebhookOutbox.due(c, endpoint, now, limit));
    }

    @Override
    public void delivered(long id, int status, Instant at) {
        store.tx(c -> {
            WebhookOutbox.delivered(c, id, status, at);
            return null;
        });
    }

    @Override
    public void retry(long id, int status, String error, Instant next, boolean refused) {
        store.tx(c -> {
            WebhookOutbox.retry(c, id, status, error, next, refused);
            return null;
        });
    }

    @Override
    public void dead(long id, int status, String error, Instant at) {
        store.tx(c -> {
            WebhookOutbox.dead(c, id, status, error, at);
            return null;
        });
    }

    @Override
    public Map<String, Stats> stats() {
        return store.tx(WebhookOutbox::stats);
    }

    @Override
    public List<Delivery> deadLetters(String endpoint) {
        return store.tx(c -> WebhookOutbox.deadLetters(c, endpoint));
    }
}
