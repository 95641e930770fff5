package io.driftwarden.gitsource;

import io.driftwarden.config.Config;
import io.driftwarden.config.Permissions;
import io.driftwarden.yaml.InputFile;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * How a fetch authenticates: SSH with exactly the configured key and known_hosts (an unknown or changed host key is
 * refused: nobody is there to ask), HTTPS with the user and token of a git-credentials file that only its owner
 * may read. Neither reads the daemon user's ~/.ssh.
 */
final class GitTransports implements TransportConfigCallback {
    private final Config.GitSource g;

    GitTransports(Config.GitSource g) {
        this.g = g;
    }

    @Override
    public void configure(Transport t) {
        if (t instanceof SshTransport ssh) {
            ssh.setSshSessionFactory(sessions());
        } else if (t instanceof HttpTransport && g.credentialsFile() != null) {
            t.setCredentialsProvider(credentials(g.credentialsFile(), t.getURI().getHost()));
        }
    }

    private SshdSessionFactory sessions() {
        if (g.knownHosts() == null) {
            throw new LoadException("standards.known_hosts: required for a git repository over SSH (or ssh.known_hosts)");
        }
        Path home = g.checkout().resolve("ssh-home");
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(home.toFile())
                .setSshDirectory(home.resolve(".ssh").toFile())
                .setConfigFile(f -> null)
                .setDefaultKnownHostsFiles(f -> List.of(g.knownHosts()))
                .setDefaultIdentities(f -> g.identityFile() == null ? List.of() : List.of(g.identityFile()))
                .setPreferredAuthentications("publickey")
                .build(null);
    }

    /** The first {@code https://user:token@host} line of the file whose host is {@code host}. */
    static UsernamePasswordCredentialsProvider credentials(Path file, String host) {
        Permissions.refuseUnlessOwnerOnly(file, "standards.credentials_file");
        String text;
        try {
            text = new String(InputFile.read(file, "standards.credentials_file"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoadException(file + ": cannot read standards.credentials_file: " + e.getMessage());
        }
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            URI u;
            try {
                u = URI.create(l);
            } catch (IllegalArgumentException e) {
                throw new LoadException(file + ":" + n + ": not a URL of the form https://user:token@host");
            }
            String info = u.getRawUserInfo();
            if (info == null || !info.contains(":")) {
                throw new LoadException(file + ":" + n + ": not a URL of the form https://user:token@host");
            }
            if (host.equalsIgnoreCase(u.getHost())) {
                String[] ut = info.split(":", 2);
                return new UsernamePasswordCredentialsProvider(decode(ut[0]), decode(ut[1]));
            }
        }
        throw new LoadException(file + ": standards.credentials_file has no line for " + host);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
