package io.driftwarden.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The daemon's two listeners on the JDK's HttpServer. {@code http.listen}: only /metrics, /healthz, /readyz.
 * {@code http.api_listen}: /api/runs/latest, POST /api/runs, /reports/latest, each behind a bearer token.
 */
public final class Endpoints implements AutoCloseable {
    /** What the API serves; every method may answer empty when nothing exists yet. */
    public interface Api {
        Optional<String> latestJson();

        Optional<String> latestHtml();

        /** Requests a run; false when one is already waiting. */
        boolean requestRun();
    }

    private final HttpServer metrics;
    private final HttpServer api;

    public Endpoints(String listen, Supplier<String> scrape, BooleanSupplier ready, String apiListen, byte[] token, Api impl)
            throws IOException {
        metrics = HttpServer.create(address(listen), 16);
        metrics.setExecutor(Executors.newFixedThreadPool(2, daemonThreads("dw-metrics")));
        metrics.createContext("/", ex -> {
            switch (ex.getRequestURI().getPath()) {
                case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get());
                case "/healthz" -> send(ex, 200, "text/plain", "ok\n");
                case "/readyz" -> {
                    boolean ok = ready.getAsBoolean();
                    send(ex, ok ? 200 : 503, "text/plain", ok ? "ready\n" : "not ready\n");
                }
                default -> send(ex, 404, "text/plain", "not found\n");
            }
        });
        metrics.start();
        if (apiListen == null) {
            api = null;
            return;
        }
        api = HttpServer.create(address(apiListen), 16);
        api.setExecutor(Executors.newFixedThreadPool(2, daemonThreads("dw-api")));
        api.createContext("/", ex -> {
            if (!authorised(ex, token)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                send(ex, 401, "text/plain", "unauthorised\n");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/api/runs") && method.equals("POST")) {
                boolean queued = impl.requestRun();
                send(ex, queued ? 202 : 409, "application/json", queued ? "{\"queued\": true}\n"
                        : "{\"queued\": false, \"reason\": \"a run is already waiting\"}\n");
            } else if (path.equals("/api/runs/latest") && method.equals("GET")) {
                answer(ex, impl.latestJson(), "application/json");
            } else if (path.equals("/reports/latest") && method.equals("GET")) {
                answer(ex, impl.latestHtml(), "text/html; charset=utf-8");
            } else {
                send(ex, 404, "text/plain", "not found\n");
            }
        });
        api.start();
    }

    private static void answer(HttpExchange ex, Optional<String> body, String type) throws IOException {
        if (body.isPresent()) {
            send(ex, 200, type, body.get());
        } else {
            send(ex, 404, "text/plain", "no run yet\n");
        }
    }

    private static boolean authorised(HttpExchange ex, byte[] token) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(h.substring(7).strip().getBytes(StandardCharsets.UTF_8), token);
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        metrics.stop(0);
        if (api != null) {
            api.stop(0);
        }
    }
}
