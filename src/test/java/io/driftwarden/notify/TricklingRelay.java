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
 * it after a real TLS handshake, {@link Mode#STARTTLS} after a real STARTTLS upgrade. The fault-injection suite
 * switches it at will ({@link #mode(Mode)}) between trickling, {@link Mode#CLOSE} (the relay is down: accept and
 * hang up) and {@link Mode#FORWARD} (a byte pipe to a real SMTP server).
 */
public final class TricklingRelay implements AutoCloseable {
    public enum Mode {
        PLAIN,
        SMTPS,
        STARTTLS,
        CLOSE,
        FORWARD
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Mode mode;
    private volatile int forwardTo;

    public TricklingRelay(Mode initial, long byteEveryMillis) throws Exception {
        this.mode = initial;
        server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        var ctx = TestTls.serverContext();
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket s = server.accept();
                            connections.incrementAndGet();
                            Mode m = mode;
                            Thread c = new Thread(
                                    () -> {
                                        if (m == Mode.FORWARD) {
                                            forward(s, forwardTo);
                                        } else {
                                            serve(s, m, ctx, byteEveryMillis);
                                        }
                                    },
                                    "trickle-conn");
                            c.setDaemon(true);
                            c.start();
                        } catch (IOException e) {
                            // closed
                        }
                    }
                },
                "trickling-relay");
        t.setDaemon(true);
        t.start();
    }

    /** From the next connection on, behave as {@code m}; FORWARD pipes bytes to {@code forwardTo} on loopback. */
    public void mode(Mode m, int forwardTo) {
        this.forwardTo = forwardTo;
        this.mode = m;
    }

    private static void forward(Socket client, int port) {
        try (client;
                Socket up = new Socket("127.0.0.1", port)) {
            Thread back = new Thread(
                    () -> {
                        try {
                            up.getInputStream().transferTo(client.getOutputStream());
                        } catch (IOException e) {
                            // either side hung up
                        }
                    },
                    "relay-forward");
            back.setDaemon(true);
            back.start();
            client.getInputStream().transferTo(up.getOutputStream());
            back.join(5_000);
        } catch (IOException | InterruptedException e) {
            // either side hung up
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    private static void serve(Socket s, Mode mode, javax.net.ssl.SSLContext ctx, long every) {
        try (s) {
            if (mode == Mode.CLOSE) {
                return;
            }
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
