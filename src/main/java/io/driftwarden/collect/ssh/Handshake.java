package io.driftwarden.collect.ssh;

import io.driftwarden.collect.FailureKind;
import io.driftwarden.collect.HostObservation;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * The version and key exchange of a new session, bounded by {@code ssh.connect_timeout}. MINA's connect future
 * completes at TCP connect; without this, a peer that accepts and then says nothing (or sends endless pre-banner
 * lines, or garbage) would only fail at authentication, after {@code ssh.host_timeout}, and be reported as
 * {@code auth}. Here it fails as {@code timeout}, {@code protocol} or {@code unreachable}, naming address:port.
 */
final class Handshake implements SessionListener {
    private final SessionFacts facts;
    private final StrictKnownHosts knownHosts;

    Handshake(SessionFacts facts, StrictKnownHosts knownHosts) {
        this.facts = facts;
        this.knownHosts = knownHosts;
    }

    @Override
    public void sessionCreated(Session session) {
        facts.of(session);
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.KeyEstablished) {
            keys(session).complete(null);
        }
    }

    @Override
    public void sessionException(Session session, Throwable t) {
        keys(session).completeExceptionally(t);
    }

    @Override
    public void sessionClosed(Session session) {
        keys(session).completeExceptionally(new PeerClosed());
    }

    private CompletableFuture<Void> keys(Session session) {
        return facts.of(session).keys;
    }

    /** Null once keys are established within {@code left}; otherwise why not, as a failure naming {@code where}. */
    HostObservation.Failed await(ClientSession session, Duration left, Duration connectTimeout, String where) {
        try {
            keys(session).get(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return new HostObservation.Failed(
                    FailureKind.TIMEOUT,
                    where + ": no SSH handshake within ssh.connect_timeout ("
                            + connectTimeout.toSeconds()
                            + "s): the peer accepted the connection but did not finish the version"
                            + " and key exchange");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            HostObservation.Failed hostKey = knownHosts.refused(
                    session, cause, where + ": the host key did not validate against known_hosts; nothing was run");
            if (hostKey != null) {
                return hostKey;
            }
            String msg = String.valueOf(cause.getMessage()).replaceAll("\\p{Cntrl}", "?");
            return cause instanceof PeerClosed
                    ? new HostObservation.Failed(FailureKind.UNREACHABLE, where + ": " + msg)
                    : new HostObservation.Failed(FailureKind.PROTOCOL, where + ": SSH handshake failed: " + msg);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HostObservation.Failed(FailureKind.TIMEOUT, where + ": interrupted during the SSH handshake");
        }
    }

    /** The connection ended without an error from either side before keys were agreed. */
    private static final class PeerClosed extends IOException {
        PeerClosed() {
            super("closed by the peer during the SSH handshake");
        }
    }
}
