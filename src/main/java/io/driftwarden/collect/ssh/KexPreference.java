package io.driftwarden.collect.ssh;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.common.BaseBuilder;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;

/**
 * The key exchanges the audit offers, best first. MINA's default puts sntrup761x25519 first, and Bouncy
 * Castle's pure-Java NTRU Prime key generation costs about 300 ms of CPU per handshake: twenty times the
 * rest of a host's audit (see docs/benchmarks.md). ML-KEM hybrids (post-quantum, OpenSSH 9.9 and later)
 * cost about a millisecond, so they come first; then curve25519, which every supported OpenSSH offers; the
 * rest keep MINA's order, so a host that offers only sntrup761 or only classic groups still connects.
 */
final class KexPreference {
    static final List<BuiltinDHFactories> ORDER = order();

    private KexPreference() {}

    private static List<BuiltinDHFactories> order() {
        List<BuiltinDHFactories> first = List.of(
                BuiltinDHFactories.mlkem768x25519, BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh);
        List<BuiltinDHFactories> out = new ArrayList<>(first);
        BaseBuilder.DEFAULT_KEX_PREFERENCE.stream()
                .filter(f -> !first.contains(f))
                .forEach(out::add);
        return List.copyOf(out);
    }

    /** The factories for a client: those this JVM supports (all of them with Bouncy Castle), in {@link #ORDER}. */
    static List<KeyExchangeFactory> factories() {
        return NamedFactory.setUpTransformedFactories(true, ORDER, ClientBuilder.DH2KEX);
    }
}
