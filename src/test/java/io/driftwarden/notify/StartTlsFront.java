package io.driftwarden.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/**
 * GreenMail speaks SMTPS but not STARTTLS, so this test helper does the STARTTLS part of RFC 3207 in front of it:
 * greeting, EHLO offering STARTTLS, the TLS handshake (refusing any mail before it), then every byte relayed to
 * GreenMail's plain SMTP port, which receives the client's post-TLS EHLO and the mail itself.
 */
final class StartTlsFront implements AutoCloseable {
    private final ServerSocket server;
    private final int backend;
    private volatile boolean sawTls;

    StartTlsFront(int backendPort) throws Exception {
        this.backend = backendPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        var ctx = TestTls.serverContext();
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try (Socket s = server.accept()) {
                            serve(s, ctx);
                        } catch (IOException e) {
                            // a client that went away; the next one is served
                        }
                    }
                },
                "starttls-front");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    boolean sawTls() {
        return sawTls;
    }

    private void serve(Socket s, javax.net.ssl.SSLContext ctx) throws IOException {
        OutputStream out = s.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        write(out, "220 localhost ESMTP front\r\n");
        for (String line; (line = in.readLine()) != null; ) {
            String cmd = line.toUpperCase(java.util.Locale.ROOT);
            if (cmd.startsWith("EHLO")) {
                write(out, "250-localhost\r\n250 STARTTLS\r\n");
            } else if (cmd.equals("STARTTLS")) {
                write(out, "220 go ahead\r\n");
                SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(s, "localhost", s.getPort(), true);
                tls.setUseClientMode(false);
                tls.startHandshake();
                sawTls = true;
                relay(tls);
                return;
            } else if (cmd.equals("QUIT")) {
                write(out, "221 bye\r\n");
                return;
            } else {
                write(out, "530 5.7.0 Must issue a STARTTLS command first\r\n");
            }
        }
    }

    private void relay(SSLSocket tls) throws IOException {
        try (Socket b = new Socket("127.0.0.1", backend)) {
            InputStream bin = b.getInputStream();
            for (int c; (c = bin.read()) != -1 && c != '\n'; ) {
                // skip GreenMail's 220 greeting: the client already had ours
            }
            Thread up = new Thread(() -> pump(tls, b), "starttls-up");
            up.setDaemon(true);
            up.start();
            bin.transferTo(tls.getOutputStream());
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // connection closed by either side
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
