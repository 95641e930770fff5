package io.driftwarden.collect.ssh;

import java.security.SecureRandom;
import org.apache.sshd.client.config.hosts.KnownHostHashValue;

/** known_hosts lines as {@code ssh-keygen -H} writes them (Debian's default), for tests and the benchmark. */
final class KnownHostsLines {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KnownHostsLines() {}

    /** A hashed line for {@code host} on {@code port} with {@code key} ("type base64"), under a salt of its own. */
    static String hashed(String host, int port, String key) {
        try {
            byte[] salt = new byte[20];
            RANDOM.nextBytes(salt);
            byte[] digest = KnownHostHashValue.calculateHashValue(host, port, KnownHostHashValue.DEFAULT_DIGEST, salt);
            StringBuilder line = new StringBuilder();
            KnownHostHashValue.append(line, KnownHostHashValue.DEFAULT_DIGEST, salt, digest);
            return line.append(' ').append(key).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
