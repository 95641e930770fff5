package io.driftwarden.collect.ssh;

import io.driftwarden.collect.FailureKind;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collection;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * known_hosts, strictly: an unknown, changed or revoked host key fails the host before anything runs, and
 * the file is never written. Why a key was refused is kept in the client's {@link SessionFacts} for the report.
 */
final class StrictKnownHosts extends KnownHostsServerKeyVerifier {
    private final SessionFacts facts;

    StrictKnownHosts(Path file, SessionFacts facts) {
        super(RejectAllServerKeyVerifier.INSTANCE, file);
        this.facts = facts;
    }

    @Override
    protected boolean acceptUnknownHostKey(ClientSession session, SocketAddress remote, PublicKey key) {
        facts.of(session).refusal = "host key " + KeyUtils.getFingerPrint(key) + " of " + where(remote)
                + " is not in known_hosts; nothing was run (verify it out of band, then add it)";
        return false;
    }

    @Override
    public boolean acceptModifiedServerKey(
            ClientSession session, SocketAddress remote, KnownHostEntry entry, PublicKey expected, PublicKey actual) {
        facts.of(session).refusal = "host key of " + where(remote) + " CHANGED: known_hosts has "
                + KeyUtils.getFingerPrint(expected) + ", the host offered " + KeyUtils.getFingerPrint(actual)
                + "; nothing was run (possible impersonation)";
        return false;
    }

    @Override
    protected void handleRevokedKey(ClientSession session, SocketAddress remote, PublicKey key) {
        facts.of(session).refusal = "host key " + KeyUtils.getFingerPrint(key) + " of " + where(remote)
                + " is marked @revoked in known_hosts; nothing was run";
    }

    /**
     * The host_key failure when the session's key exchange was refused by this verifier (its reason), or by MINA's
     * "Server key did not validate" without one ({@code fallback} then says so); null for any other failure.
     */
    io.driftwarden.collect.HostObservation.Failed refused(ClientSession session, Throwable failure, String fallback) {
        String reason = facts.of(session).refusal;
        if (reason != null) {
            return new io.driftwarden.collect.HostObservation.Failed(FailureKind.HOST_KEY, reason);
        }
        if (failure != null && String.valueOf(failure.getMessage()).contains("Server key did not validate")) {
            return new io.driftwarden.collect.HostObservation.Failed(FailureKind.HOST_KEY, fallback);
        }
        return null;
    }

    private static String where(SocketAddress remote) {
        String s = String.valueOf(remote);
        return s.startsWith("/") ? s.substring(1) : s;
    }

    @Override
    protected KnownHostEntry updateKnownHostsFile(
            ClientSession session, SocketAddress remote, PublicKey key, Path file, Collection<HostEntryPair> known) {
        return null;
    }

    @Override
    protected void updateModifiedServerKey(
            ClientSession session,
            SocketAddress remote,
            PublicKey key,
            Collection<HostEntryPair> known,
            HostEntryPair match) {
        // never written: known_hosts is configuration, not a cache
    }
}
