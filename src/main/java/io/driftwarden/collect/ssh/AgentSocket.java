package io.driftwarden.collect.ssh;

import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The operator's ssh-agent ({@code SSH_AUTH_SOCK}) as MINA's agent: MINA's own protocol code over the JDK's
 * Unix-domain socket (MINA's unix agent client needs Tomcat's native library). The private key never enters
 * this process; {@link #signedWith()} names the key the server accepted, for the revert evidence.
 */
public final class AgentSocket implements SshAgentFactory {
    private static final int MAX_MESSAGE = 256 * 1024;
    private final Path socket;
    private volatile String signedWith;

    public AgentSocket(Path socket) {
        this.socket = socket;
    }

    /** The SHA256 fingerprint of the agent key that signed the last authentication, or null. */
    public String signedWith() {
        return signedWith;
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of(); // never forwarded to the host
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
        SocketChannel ch = SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket));
        return new AbstractAgentProxy(null) {
            @Override
            protected synchronized Buffer request(Buffer buffer) throws IOException {
                ch.write(ByteBuffer.wrap(prepare(buffer).getCompactData()));
                ByteBuffer len = read(ch, Integer.BYTES);
                int n = len.getInt(0);
                if (n < 0 || n > MAX_MESSAGE) {
                    throw new StreamCorruptedException("ssh-agent answered a message of " + n + " bytes");
                }
                return new ByteArrayBuffer(read(ch, n).array());
            }

            @Override
            public Map.Entry<String, byte[]> sign(SessionContext s, PublicKey key, String algo, byte[] data)
                    throws IOException {
                Map.Entry<String, byte[]> r = super.sign(s, key, algo, data);
                signedWith = KeyUtils.getFingerPrint(key);
                return r;
            }

            @Override
            public boolean isOpen() {
                return ch.isOpen();
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    ch.close();
                }
            }
        };
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) {
        throw new UnsupportedOperationException("driftwarden never serves an agent");
    }

    private static ByteBuffer read(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new java.io.EOFException("ssh-agent closed the socket");
            }
        }
        return b;
    }
}
