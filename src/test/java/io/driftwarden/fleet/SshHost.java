package io.driftwarden.fleet;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Debian host running OpenSSH, from the locally built image (test-fixtures/images): never pulled,
 * reached only through its port published on 127.0.0.1.
 */
final class SshHost implements AutoCloseable {
    static final String IMAGE = "driftwarden-test-sshd:4";
    private final GenericContainer<?> container;

    private SshHost(GenericContainer<?> container) {
        this.container = container;
    }

    static SshHost start(String authorizedKey, Network network, String alias, boolean publish) {
        return start(authorizedKey, network, alias, publish, java.util.Map.of());
    }

    /** {@code env}: more keys the image trusts (ENFORCE_KEY for dw-enforce, OPERATOR_KEY for ops-alice). */
    @SuppressWarnings("resource")
    static SshHost start(
            String authorizedKey, Network network, String alias, boolean publish, java.util.Map<String, String> env) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withEnv("AUTHORIZED_KEY", authorizedKey)
                .withEnv(env);
        if (publish) {
            c.withExposedPorts(22)
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                            .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(22))));
        }
        if (network != null) {
            c.withNetwork(network).withNetworkAliases(alias);
        }
        c.start();
        SshHost h = new SshHost(c);
        // the image makes its host keys at start: on a loaded machine that takes seconds, so wait for them (up to 30 s)
        // and say so if they never come, rather than failing later on a missing file
        h.exec(
                "sh",
                "-c",
                "i=0; while [ $i -lt 150 ]; do [ -s /etc/ssh/ssh_host_ed25519_key.pub ] && exit 0; i=$((i+1));"
                        + " sleep 0.2; done; echo 'no host key after 30 s' >&2; exit 1");
        return h;
    }

    int port() {
        return container.getMappedPort(22);
    }

    /** The host's ed25519 key as a known_hosts line for {@code name} (read inside the host, as an admin would). */
    String knownHostsLine(String name) {
        String pub = exec("cat", "/etc/ssh/ssh_host_ed25519_key.pub").strip();
        String[] f = pub.split(" ");
        return name + " " + f[0] + " " + f[1];
    }

    void copy(org.testcontainers.utility.MountableFile file, String path) {
        container.copyFileToContainer(file, path);
    }

    /** SHA256 fingerprint of the host's ed25519 key, as ssh-keygen -l prints it. */
    String fingerprint() {
        String line = exec("ssh-keygen", "-l", "-E", "sha256", "-f", "/etc/ssh/ssh_host_ed25519_key.pub");
        return line.split(" ")[1];
    }

    String exec(String... cmd) {
        try {
            Container.ExecResult r = container.execInContainer(StandardCharsets.UTF_8, cmd);
            if (r.getExitCode() != 0) {
                throw new IllegalStateException("in container: " + List.of(cmd) + " failed: " + r.getStderr());
            }
            return r.getStdout();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean exists(String path) {
        try {
            return container.execInContainer("test", "-e", path).getExitCode() == 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        container
                .getDockerClient()
                .stopContainerCmd(container.getContainerId())
                .withTimeout(2)
                .exec();
    }

    @Override
    public void close() {
        container.stop();
    }
}
