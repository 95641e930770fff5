package io.driftwarden.collect.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A TCP peer on loopback that accepts SSH connections and never lets a handshake finish, in one of several ways. */
public final class HostileSshPeer implements AutoCloseable {
    public enum Kind {
        SILENT("timeout"),
        TRICKLED_PRE_BANNER_LINES("timeout"),
        ENDLESS_PRE_BANNER_LINES("protocol"),
        GARBAGE_AFTER_BANNER("protocol"),
        CLOSES_AFTER_BANNER("unreachable");

        /** The failure kind a client must report for it. */
        public final String failure;

        Kind(String failure) {
            this.failure = failure;
        }
    }

    private final ServerSocket server;

    public HostileSshPeer(Kind kind) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket s = server.accept();
                            Thread c = new Thread(() -> serve(s, kind), "hostile-ssh-conn");
                            c.setDaemon(true);
                            c.start();
                        } catch (IOException e) {
                            // closed
                        }
                    }
                },
                "hostile-ssh-peer");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private static void serve(Socket socket, Kind kind) {
        try (Socket s = socket;
                OutputStream out = s.getOutputStream()) {
            switch (kind) {
                case SILENT -> Thread.sleep(30_000);
                case TRICKLED_PRE_BANNER_LINES -> {
                    for (int i = 0; i < 300; i++) {
                        out.write(("welcome line " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(100);
                    }
                }
                case ENDLESS_PRE_BANNER_LINES -> {
                    byte[] line = "x".repeat(200).concat("\r\n").getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < 100_000; i++) {
                        out.write(line);
                    }
                }
                case GARBAGE_AFTER_BANNER -> {
                    out.write("SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] junk = new byte[4096];
                    new java.util.Random(7).nextBytes(junk);
                    for (int i = 0; i < 64; i++) {
                        out.write(junk);
                    }
                    out.flush();
                    Thread.sleep(30_000);
                }
                case CLOSES_AFTER_BANNER -> {
                    out.write("SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.getInputStream().read(new byte[64]);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up: expected
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
