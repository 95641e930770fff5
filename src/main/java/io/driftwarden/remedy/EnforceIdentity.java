package io.driftwarden.remedy;

import io.driftwarden.collect.ssh.SshSettings;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.config.Enforce;
import io.driftwarden.config.Permissions;
import io.driftwarden.yaml.LoadException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The identity {@code revert} writes with (section 9): the config's {@code enforce} section and the ssh settings
 * it gives, the operator's own key file or the operator's ssh-agent; never the audit key.
 */
record EnforceIdentity(Enforce enforce, SshSettings settings) {

    static EnforceIdentity load(Config cfg, Path configFile) {
        Enforce e = ConfigLoader.enforce(configFile)
                .orElseThrow(() -> new LoadException(configFile + ": enforce: not"
                        + " configured: revert needs the enforce identity (the operator's ssh-agent or key file); the audit"
                        + " identity only reads"));
        if (cfg.ssh().knownHosts() == null) {
            throw new LoadException("ssh.known_hosts: required: revert checks the host key like the audit does");
        }
        Path agent = null;
        if (e.identityFile() != null) {
            if (cfg.ssh().identityFile() != null
                    && e.identityFile()
                            .toAbsolutePath()
                            .normalize()
                            .equals(cfg.ssh().identityFile().toAbsolutePath().normalize())) {
                throw new LoadException(
                        "enforce.identity_file: is the audit key (ssh.identity_file): the enforce identity must be"
                                + " the operator's own, never the daemon's");
            }
            Permissions.refuseUnlessOwnerOnly(e.identityFile(), "enforce.identity_file");
        } else {
            String sock = System.getenv("SSH_AUTH_SOCK");
            if (sock == null || sock.isBlank() || !Files.exists(Path.of(sock))) {
                throw new LoadException(
                        "enforce: no enforce identity: enforce.identity_file is not set and no ssh-agent is"
                                + " running (SSH_AUTH_SOCK)");
            }
            agent = Path.of(sock);
        }
        Config.Ssh s = cfg.ssh();
        return new EnforceIdentity(
                e,
                new SshSettings(
                        e.identityFile(),
                        null,
                        agent,
                        e.user(),
                        s.knownHosts(),
                        s.connectTimeout(),
                        s.hostTimeout(),
                        s.proxyJump(),
                        false));
    }

    /** The fixed command the apply script is sent to; data travels in its stdin only. */
    String command() {
        return enforce.sudo() ? "sudo -n /bin/sh -s" : "/bin/sh -s";
    }
}
