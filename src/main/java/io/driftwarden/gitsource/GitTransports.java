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

    /** Checks the files the URL's transport will use, now, so a mistake is named as such and not taken for an outage. */
    GitTransports(Config.GitSource g) {
        this.g = g;
        boolean ssh = !g.url().startsWith("https://")
                && !g.url().startsWith("http://")
                && !g.url().startsWith("file://");
        if (ssh) {
            if (g.knownHosts() == null) {
                throw new LoadException(
                        "standards.known_hosts: required for a git repository over SSH (or ssh.known_hosts)");
            }
            Permissions.refuseWritableByOthers(g.knownHosts(), "standards.known_hosts");
            if (g.identityFile() != null) {
                Permissions.refuseUnlessOwnerOnly(g.identityFile(), "standards.identity_file");
            }
        } else if (g.credentialsFile() != null) {
            Permissions.refuseUnlessOwnerOnly(g.credentialsFile(), "standards.credentials_file");
        }
    }

    @Override
    public void configure(Transport t) {
        if (t instanceof SshTransport s) {
            s.setSshSessionFactory(sessions());
        } else if (t instanceof HttpTransport && g.credentialsFile() != null) {
            t.setCredentialsProvider(credentials(g.credentialsFile(), t.getURI().getHost()));
        }
    }

    private SshdSessionFactory sessions() {
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
                return new ForHost(host, decode(ut[0]), decode(ut[1]));
            }
        }
        throw new LoadException(file + ": standards.credentials_file has no line for " + host);
    }

    /** Answers only for its host: JGit follows a redirect to another host and would send the token there too. */
    private static final class ForHost extends UsernamePasswordCredentialsProvider {
        private final String host;

        ForHost(String host, String user, String token) {
            super(user, token);
            this.host = host;
        }

        @Override
        public boolean get(org.eclipse.jgit.transport.URIish uri, org.eclipse.jgit.transport.CredentialItem... items) {
            return uri != null && host.equalsIgnoreCase(uri.getHost()) && super.get(uri, items);
        }
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
