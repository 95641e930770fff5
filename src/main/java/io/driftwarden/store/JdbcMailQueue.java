package io.driftwarden.store;

import io.driftwarden.notify.OutgoingMail;
import io.driftwarden.run.MailQueue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link MailQueue} over the {@code outbox} table ({@link Outbox}): each call one transaction. */
final class JdbcMailQueue implements MailQueue {
    private final Store store;

    JdbcMailQueue(Store store) {
        this.store = store;
    }

    @Override
    public long enqueue(OutgoingMail mail, Instant now) {
        return store.tx(c -> Outbox.enqueue(c, mail, now) ? Outbox.pendingCount(c) : -1L);
    }

    @Override
    public List<OutgoingMail> due(Instant now) {
        return store.tx(c -> Outbox.due(c, now));
    }

    @Override
    public void sent(long id, Instant now) {
        store.tx(c -> {
            Outbox.sent(c, id, now);
            return null;
        });
    }

    @Override
    public void failed(long id, String error, java.util.function.IntFunction<Instant> nextAttempt) {
        store.tx(c -> {
            Outbox.failed(c, id, error, nextAttempt.apply(Outbox.attempts(c, id)));
            return null;
        });
    }

    @Override
    public int attempts(long id) {
        return store.tx(c -> Outbox.attempts(c, id));
    }

    @Override
    public long pending() {
        return store.tx(Outbox::pendingCount);
    }

    @Override
    public Optional<Instant> lastQueued(String kind) {
        return store.tx(c -> Outbox.lastQueued(c, kind));
    }
}
