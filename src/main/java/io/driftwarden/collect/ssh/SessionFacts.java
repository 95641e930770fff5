package io.driftwarden.collect.ssh;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.common.session.Session;

/**
 * What one client learned about each of its sessions during the handshake: whether keys were agreed, and why a
 * host key was refused. Kept beside the session, not in its attributes: MINA clears a session's attributes when
 * it closes, so a peer that hangs up quickly (or a refused host key, on which the client itself closes) would
 * otherwise lose the reason before the caller reads it and be misreported. Weak keys: a session nobody holds any
 * more takes its facts with it.
 */
final class SessionFacts {
    /** One session's facts; written by MINA's threads, read by the caller of {@code open}. */
    static final class Facts {
        final CompletableFuture<Void> keys = new CompletableFuture<>();
        volatile String refusal;
    }

    private final Map<Session, Facts> bySession = Collections.synchronizedMap(new WeakHashMap<>());

    Facts of(Session session) {
        return bySession.computeIfAbsent(session, s -> new Facts());
    }
}
