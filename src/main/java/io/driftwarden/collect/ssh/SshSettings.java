package io.driftwarden.collect.ssh;

import java.nio.file.Path;
import java.time.Duration;

/** What the ssh transport needs from the config; the passphrase travels as chars, never logged. */
public record SshSettings(Path identityFile, char[] passphrase, Path knownHosts, Duration connectTimeout,
                          Duration hostTimeout, String proxyJump, boolean sudo) {
    @Override
    public String toString() {
        return "SshSettings[identityFile=" + identityFile + ", knownHosts=" + knownHosts + ", proxyJump=" + proxyJump
                + ", sudo=" + sudo + ", passphrase=" + (passphrase == null ? "none" : "****") + "]";
    }
}
