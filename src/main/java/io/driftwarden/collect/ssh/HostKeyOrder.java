package io.driftwarden.collect.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * Offers first the host-key algorithms of the key types known_hosts holds for the host being reached, as
 * OpenSSH does; otherwise the server may present another of its keys, which would look like a changed key.
 * Runs when a session is created, before its key exchange starts.
 */
final class HostKeyOrder implements SessionListener {
    /** The host and port the operator asked for; a jumped connection reaches it through a local forward. */
    static final org.apache.sshd.common.AttributeRepository.AttributeKey<SshdSocketAddress> TARGET =
            new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

    private final KnownHostsFile knownHosts;

    HostKeyOrder(Path knownHosts) {
        this(new KnownHostsFile(knownHosts));
    }

    HostKeyOrder(KnownHostsFile knownHosts) {
        this.knownHosts = knownHosts;
    }

    @Override
    public void sessionCreated(Session session) {
        SocketAddress remote = session.getIoSession().getRemoteAddress();
        String host;
        int port;
        if (remote instanceof SshdSocketAddress s) {
            host = s.getHostName();
            port = s.getPort();
        } else if (remote instanceof InetSocketAddress i) {
            host = i.getHostString();
            port = i.getPort();
        } else {
            return;
        }
        List<String> types = knownTypes(host, port);
        if (types.isEmpty()
                && session instanceof org.apache.sshd.client.session.ClientSession c
                && c.getConnectionContext() != null
                && c.getConnectionContext().getAttribute(TARGET) != null) {
            SshdSocketAddress target = c.getConnectionContext().getAttribute(TARGET);
            types = knownTypes(target.getHostName(), target.getPort());
        }
        Set<String> preferred = algorithms(types);
        if (preferred.isEmpty()) {
            return;
        }
        List<NamedFactory<Signature>> first = new ArrayList<>();
        List<NamedFactory<Signature>> rest = new ArrayList<>();
        for (NamedFactory<Signature> f : session.getSignatureFactories()) {
            (preferred.contains(f.getName()) ? first : rest).add(f);
        }
        first.addAll(rest);
        session.setSignatureFactories(first);
    }

    List<String> knownTypes(String host, int port) {
        List<String> types = new ArrayList<>();
        try {
            for (KnownHostEntry e : knownHosts.index().matching(host, port)) {
                if (!"revoked".equals(e.getMarker()) && e.getKeyEntry() != null) {
                    types.add(e.getKeyEntry().getKeyType());
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return types;
    }

    /** Key types to the signature algorithms that prove them (RSA keys sign with SHA-2 first). */
    static Set<String> algorithms(List<String> keyTypes) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : keyTypes) {
            if (t.equals("ssh-rsa")) {
                out.add("rsa-sha2-512");
                out.add("rsa-sha2-256");
            }
            out.add(t);
        }
        return out;
    }
}
