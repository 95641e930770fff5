package io.driftwarden.collect.ssh;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the ssh transport needs from the config; the passphrase travels as chars, never logged. With no
 * {@code identityFile} the keys come from the ssh-agent at {@code agentSocket}; {@code user}, when set, replaces
 * the inventory's login (the enforce identity logs in as its own account).
 */
public record SshSettings(
        Path identityFile,
        char[] passphrase,
        Path agentSocket,
        String user,
        Path knownHosts,
        Duration connectTimeout,
        Duration hostTimeout,
        String proxyJump,
        boolean sudo) {
    /** The audit identity: always a key file, the inventory's login. */
    public static SshSettings audit(
            Path identityFile,
            char[] passphrase,
            Path knownHosts,
            Duration connectTimeout,
            Duration hostTimeout,
            String proxyJump,
            boolean sudo) {
        return new SshSettings(
                identityFile, passphrase, null, null, knownHosts, connectTimeout, hostTimeout, proxyJump, sudo);
    }

    @Override
    public String toString() {
        return "SshSettings[identityFile=" + identityFile + ", agentSocket=" + agentSocket + ", user=" + user
                + ", knownHosts=" + knownHosts + ", proxyJump=" + proxyJump + ", sudo=" + sudo + ", passphrase="
                + (passphrase == null ? "none" : "****") + "]";
    }
}
