package io.driftwarden.run;

import io.driftwarden.collect.HostTransport;
import io.driftwarden.collect.ImageTransport;
import io.driftwarden.collect.LocalTransport;
import io.driftwarden.collect.ssh.SshSettings;
import io.driftwarden.collect.ssh.SshTransport;
import io.driftwarden.config.Config;
import io.driftwarden.config.Permissions;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Builds the transports a run needs; the ssh client only when an ssh host is audited. Close after the run. */
public final class HostTransports implements AutoCloseable {
    static final String PASSPHRASE_ENV = "DRIFTWARDEN_SSH_PASSPHRASE";
    private final Map<Transport, HostTransport> byKind = new EnumMap<>(Transport.class);
    private SshTransport ssh;

    public HostTransports(Config cfg, List<Host> hosts) {
        byKind.put(Transport.LOCAL, new LocalTransport(cfg.ssh().hostTimeout()));
        byKind.put(Transport.IMAGE, new ImageTransport());
        if (hosts.stream().anyMatch(h -> h.transport() == Transport.SSH)) {
            ssh = new SshTransport(settings(cfg));
            byKind.put(Transport.SSH, ssh);
        }
    }

    public Map<Transport, HostTransport> map() {
        return byKind;
    }

    public static SshSettings settings(Config cfg) {
        Config.Ssh s = cfg.ssh();
        if (s.identityFile() == null || s.knownHosts() == null) {
            throw new LoadException("ssh: identity_file and known_hosts are required to audit ssh hosts");
        }
        Permissions.refuseWritableByOthers(s.identityFile(), "ssh.identity_file");
        Permissions.refuseWritableByOthers(s.knownHosts(), "ssh.known_hosts");
        char[] passphrase = null;
        if (s.passphraseFile() != null) {
            Permissions.refuseWritableByOthers(s.passphraseFile(), "ssh.passphrase_file");
            try {
                passphrase = new String(
                                io.driftwarden.yaml.InputFile.read(s.passphraseFile(), "ssh.passphrase_file"),
                                StandardCharsets.UTF_8)
                        .strip()
                        .toCharArray();
            } catch (IOException e) {
                throw new LoadException(s.passphraseFile() + ": cannot read ssh.passphrase_file: " + e.getMessage());
            }
        } else if (System.getenv(PASSPHRASE_ENV) != null) {
            passphrase = System.getenv(PASSPHRASE_ENV).toCharArray();
        }
        return SshSettings.audit(
                s.identityFile(),
                passphrase,
                s.knownHosts(),
                s.connectTimeout(),
                s.hostTimeout(),
                s.proxyJump(),
                s.sudo());
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }
}
