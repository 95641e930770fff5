package io.driftwarden.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/**
 * A hostile mail relay on loopback: it accepts, then sends an endless SMTP greeting one byte at a time, each byte
 * well inside the client's read timeout, so only a total deadline can end the conversation. {@link Mode#SMTPS} does
 * it after a real TLS handshake, {@link Mode#STARTTLS} after a real STARTTLS upgrade.
 */
public final class TricklingRelay implements AutoCloseable {
    public enum Mode { PLAIN, SMTPS, STARTTLS }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    public TricklingRelay(Mode mode, long byteEveryMillis) throws Exception {
        server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        var ctx = TestTls.serverContext();
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread c = new Thread(() -> serve(s, mode, ctx, byteEveryMillis), "trickle-conn");
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "trickling-relay");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    private static void serve(Socket s, Mode mode, javax.net.ssl.SSLContext ctx, long every) {
        try (s) {
            Socket talk = s;
            if (mode == Mode.SMTPS) {
                SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(s, "localhost", s.getPort(), true);
                tls.setUseClientMode(false);
                tls.startHandshake();
                talk = tls;
            } else if (mode == Mode.STARTTLS) {
                talk = starttls(s, ctx);
            }
            OutputStream out = talk.getOutputStream();
            byte[] greeting = "220-relay.example.com ESMTP slowly\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; !s.isClosed(); i = (i + 1) % greeting.length) {
                out.write(greeting[i]);
                out.flush();
                Thread.sleep(every);
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up: that is the point
        }
    }

    private static Socket starttls(Socket s, javax.net.ssl.SSLContext ctx) throws IOException {
        OutputStream out = s.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        out.write("220 relay ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
        for (String line; (line = in.readLine()) != null; ) {
            String cmd = line.toUpperCase(Locale.ROOT);
            if (cmd.startsWith("EHLO")) {
                out.write("250-relay\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (cmd.equals("STARTTLS")) {
                out.write("220 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
                SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(s, "localhost", s.getPort(), true);
                tls.setUseClientMode(false);
                tls.startHandshake();
                // after EHLO over TLS, the answer never completes
                new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                return tls;
            }
        }
        throw new IOException("client left before STARTTLS");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
