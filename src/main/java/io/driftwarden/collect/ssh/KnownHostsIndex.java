package io.driftwarden.collect.ssh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.config.hosts.KnownHostHashValue;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * known_hosts lookups at fleet scale, over one version of the file. MINA, like OpenSSH, tries every entry for every
 * connection, and a hashed entry ({@code |1|salt|hash}, Debian's default) costs an HMAC each: at 10,000 hosts that
 * was milliseconds a host, twice (key order, then verification), more than the rest of the audit. Here:
 *
 * <ul>
 *   <li>each host pattern ({@code host} or {@code [host]:port}) is looked up once and remembered;
 *   <li>a hashed entry that matched one pattern is not tried against another (HMAC-SHA1 of two names does not
 *       collide), so the entries left to try shrink as a run goes through the fleet;
 *   <li>the HMAC is one instance per thread, not a new one per attempt, and the salts are decoded once.
 * </ul>
 *
 * Matching is MINA's own ({@link KnownHostEntry#isHostMatch}): plain patterns first, then the hash. Safe for
 * concurrent lookups (sessions are set up on many threads); a new version of the file gets a new index.
 *
 * @param <T> what the caller keeps per entry (the verifier keeps the entry with its parsed key)
 */
final class KnownHostsIndex<T> {
    private final List<T> items;
    private final List<KnownHostEntry> entries;
    /** The HMAC key per hashed entry (null for a plain one, or a digest other than SHA-1: MINA then decides). */
    private final SecretKeySpec[] keyed;
    /** One HMAC per thread, keyed per attempt: ~0.5 us here, against ~1.2 us for MINA's new instance per attempt. */
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is a required JDK algorithm", e);
        }
    });
    /** The pattern a hashed entry is known to match, once one did. */
    private final AtomicReferenceArray<String> owner;

    private final Map<String, List<T>> byPattern = new ConcurrentHashMap<>();
    /** How many patterns were looked up entry by entry (the rest came from memory). */
    private final java.util.concurrent.atomic.AtomicInteger scans = new java.util.concurrent.atomic.AtomicInteger();

    KnownHostsIndex(List<T> items, Function<T, KnownHostEntry> entryOf) {
        this.items = List.copyOf(items);
        this.entries = this.items.stream().map(entryOf).toList();
        this.keyed = new SecretKeySpec[entries.size()];
        for (int i = 0; i < keyed.length; i++) {
            keyed[i] = keyed(entries.get(i).getHashedEntry());
        }
        this.owner = new AtomicReferenceArray<>(keyed.length);
    }

    /** The distinct lines indexed (to tell whether another reading of the file is the same version). */
    java.util.Set<String> lines() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (KnownHostEntry e : entries) {
            out.add(e.getConfigLine());
        }
        return out;
    }

    /** The entries that match {@code host} on {@code port}, in file order. */
    List<T> matching(String host, int port) {
        return byPattern.computeIfAbsent(KnownHostHashValue.createHostPattern(host, port), p -> scan(host, port, p));
    }

    /** The entries that match any of {@code ids}, each once, in file order (the verifier's question). */
    List<T> matching(Collection<SshdSocketAddress> ids) {
        if (ids.size() == 1) {
            SshdSocketAddress only = ids.iterator().next();
            return matching(only.getHostName(), only.getPort());
        }
        java.util.BitSet hit = new java.util.BitSet(items.size());
        java.util.IdentityHashMap<T, Integer> at = new java.util.IdentityHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            at.putIfAbsent(items.get(i), i);
        }
        for (SshdSocketAddress id : ids) {
            for (T t : matching(id.getHostName(), id.getPort())) {
                hit.set(at.get(t));
            }
        }
        List<T> out = new ArrayList<>(hit.cardinality());
        hit.stream().forEach(i -> out.add(items.get(i)));
        return List.copyOf(out);
    }

    int scans() {
        return scans.get();
    }

    private List<T> scan(String host, int port, String pattern) {
        scans.incrementAndGet();
        byte[] name = pattern.getBytes(StandardCharsets.UTF_8);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (matches(i, host, port, pattern, name)) {
                out.add(items.get(i));
            }
        }
        return List.copyOf(out);
    }

    private boolean matches(int i, String host, int port, String pattern, byte[] name) {
        KnownHostEntry e = entries.get(i);
        KnownHostHashValue hashed = e.getHashedEntry();
        if (hashed == null || keyed[i] == null) {
            return e.isHostMatch(host, port);
        }
        String known = owner.get(i);
        if (known != null) {
            return known.equals(pattern);
        }
        try {
            Mac mac = HMAC.get();
            mac.init(keyed[i]);
            if (MessageDigest.isEqual(mac.doFinal(name), hashed.getDigestValue())) {
                owner.set(i, pattern);
                return true;
            }
            return false;
        } catch (GeneralSecurityException ex) {
            return e.isHostMatch(host, port);
        }
    }

    private static SecretKeySpec keyed(KnownHostHashValue hashed) {
        if (hashed == null
                || hashed.getSaltValue() == null
                || hashed.getSaltValue().length != 20 // ssh-keygen's; MINA cuts other keys to 20 bytes, JCE does not
                || !KnownHostHashValue.DEFAULT_DIGEST
                        .getName()
                        .equals(hashed.getDigester().getName())) {
            return null;
        }
        return new SecretKeySpec(hashed.getSaltValue(), "HmacSHA1");
    }
}
