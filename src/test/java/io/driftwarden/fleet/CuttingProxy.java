package io.driftwarden.fleet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a real OpenSSH host that cuts chosen connections: the n-th connection since
 * {@link #reset()} is closed at once, or {@code afterMillis} after it opened (both ways, mid-conversation).
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final AtomicInteger count = new AtomicInteger();
    private final Map<Integer, Long> cuts = new ConcurrentHashMap<>();

    CuttingProxy(int target) throws IOException {
        this.target = target;
        server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket s = server.accept();
                            int n = count.incrementAndGet();
                            Thread c = new Thread(() -> serve(s, cuts.get(n)), "cutting-proxy-" + n);
                            c.setDaemon(true);
                            c.start();
                        } catch (IOException e) {
                            // closed
                        }
                    }
                },
                "cutting-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections since the last reset. */
    int connections() {
        return count.get();
    }

    /** Counts from zero again and forgets the cuts. */
    void reset() {
        cuts.clear();
        count.set(0);
    }

    /** Cuts the {@code n}-th connection from now {@code afterMillis} after it opened (0: at once). */
    void cut(int n, long afterMillis) {
        cuts.put(n, afterMillis);
    }

    @SuppressWarnings("try") // the cutter closes both ends early, on purpose, while the try still owns them
    private void serve(Socket client, Long cutAfter) {
        try (client;
                Socket up = new Socket("127.0.0.1", target)) {
            if (cutAfter != null && cutAfter == 0) {
                return;
            }
            Thread back = new Thread(() -> pump(up, client), "cutting-proxy-back");
            back.setDaemon(true);
            back.start();
            if (cutAfter != null) {
                Thread cutter = new Thread(
                        () -> {
                            try {
                                Thread.sleep(cutAfter);
                                client.close();
                                up.close();
                            } catch (InterruptedException | IOException e) {
                                // cut either way
                            }
                        },
                        "cutting-proxy-cut");
                cutter.setDaemon(true);
                cutter.start();
            }
            pump(client, up);
            back.join(60_000);
        } catch (IOException | InterruptedException e) {
            // cut, or either side hung up
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // cut, or either side hung up
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
