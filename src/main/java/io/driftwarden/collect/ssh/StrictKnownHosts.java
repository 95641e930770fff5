package io.driftwarden.collect.ssh;

import io.driftwarden.collect.FailureKind;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * known_hosts, strictly: an unknown, changed or revoked host key fails the host before anything runs, and
 * the file is never written. Why a key was refused is kept in the client's {@link SessionFacts} for the report.
 */
final class StrictKnownHosts extends KnownHostsServerKeyVerifier {
    private final SessionFacts facts;
    private final KnownHostsFile file;
    /** MINA's parsed entries (with their keys) as last handed to us, and how to find them fast. */
    private final AtomicReference<Lookup> lookup = new AtomicReference<>();

    StrictKnownHosts(Path file, SessionFacts facts) {
        this(new KnownHostsFile(file), facts);
    }

    StrictKnownHosts(KnownHostsFile file, SessionFacts facts) {
        super(RejectAllServerKeyVerifier.INSTANCE, file.path());
        this.file = file;
        this.facts = facts;
    }

    /**
     * MINA's entries for one version of the file. When the shared index holds every line MINA read (the same
     * version), its answer, already found for the key order, is mapped to MINA's entries by line; otherwise (the file
     * changed in between) an index of MINA's own entries answers.
     */
    private record Lookup(
            Collection<HostEntryPair> known,
            KnownHostsIndex<KnownHostEntry> shared,
            Map<String, List<HostEntryPair>> byLine,
            KnownHostsIndex<HostEntryPair> own) {
        List<HostEntryPair> matching(Collection<SshdSocketAddress> ids) {
            if (shared == null) {
                return own.matching(ids);
            }
            List<HostEntryPair> out = new ArrayList<>();
            for (KnownHostEntry e : shared.matching(ids)) {
                out.addAll(byLine.getOrDefault(e.getConfigLine(), List.of()));
            }
            return out;
        }
    }

    /** Which of MINA's entries match the host: through the shared index (the original tries every entry). */
    @Override
    protected List<HostEntryPair> findKnownHostEntries(
            ClientSession session, SocketAddress remote, Collection<HostEntryPair> known) {
        if (known == null || known.isEmpty()) {
            return List.of();
        }
        Collection<SshdSocketAddress> ids = resolveHostNetworkIdentities(session, remote);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        Lookup l = lookup.get();
        if (l == null || l.known() != known) {
            l = lookupFor(known);
            lookup.set(l);
        }
        return new ArrayList<>(l.matching(ids));
    }

    private Lookup lookupFor(Collection<HostEntryPair> known) {
        Map<String, List<HostEntryPair>> byLine = new HashMap<>();
        for (HostEntryPair p : known) {
            byLine.computeIfAbsent(p.getHostEntry().getConfigLine(), k -> new ArrayList<>())
                    .add(p);
        }
        try {
            KnownHostsIndex<KnownHostEntry> shared = file.index();
            if (shared.lines().containsAll(byLine.keySet())) { // MINA may leave out lines it cannot use
                return new Lookup(known, shared, byLine, null);
            }
        } catch (IOException e) {
            // the file went away after MINA read it: MINA's entries still answer
        }
        return new Lookup(known, null, byLine, new KnownHostsIndex<>(List.copyOf(known), HostEntryPair::getHostEntry));
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
