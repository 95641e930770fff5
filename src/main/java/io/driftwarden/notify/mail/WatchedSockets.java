package io.driftwarden.notify.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The sockets of one SMTP send, so that a watchdog can close them from another thread. Closing the TCP socket is
 * what unblocks a read stuck in Angus or in the TLS layer above it ({@code Transport.close()} would wait for the
 * lock the stuck send holds).
 *
 * <p>Angus asks {@code mail.smtp.socketFactory} ({@link #plain()}) for the plain socket of STARTTLS, and
 * {@code mail.smtp(s).ssl.socketFactory} (this) both for SMTPS, where an unconnected socket that is not yet TLS
 * makes it layer TLS over it with this same factory, and for the STARTTLS upgrade; either way the TCP socket
 * underneath is one of ours.
 */
final class WatchedSockets extends SSLSocketFactory {
    private final SSLSocketFactory tls;
    private final List<Socket> open = new ArrayList<>();
    private boolean closed;

    WatchedSockets(SSLSocketFactory tls) {
        this.tls = tls;
    }

    /** The factory for the plain TCP socket (STARTTLS starts in clear). */
    SocketFactory plain() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return watch(new Socket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return watch(new Socket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return watch(new Socket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return watch(new Socket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
                    throws IOException {
                return watch(new Socket(host, port, local, localPort));
            }
        };
    }

    /** Closes every socket of this send, now and any opened later; idempotent. */
    synchronized void closeAll() {
        closed = true;
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is best effort: the socket may already be gone, which is what we want
            }
        }
        open.clear();
    }

    private synchronized <S extends Socket> S watch(S s) throws IOException {
        if (closed) {
            s.close();
            throw new IOException("the send deadline has passed");
        }
        open.add(s);
        return s;
    }

    /** An unconnected plain socket: Angus connects it, then layers TLS over it through {@link #createSocket(Socket, String, int, boolean)}. */
    @Override
    public Socket createSocket() throws IOException {
        return watch(new Socket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        watch(s);
        return watch(tls.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return watch(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return watch(tls.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return watch(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
        return watch(tls.createSocket(address, port, local, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }
}
