package io.driftwarden.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The daemon's two listeners, on Jetty's core API. {@code http.listen}: only /metrics, /healthz, /readyz.
 * {@code http.api_listen}: /api/runs/latest, POST /api/runs, /reports/latest, each behind a bearer token.
 *
 * <p>Jetty parses requests without blocking a thread, so a client that sends half a request holds a socket, not a
 * handler; {@link RequestDeadline} closes a connection whose next request is not complete within
 * {@link #REQUEST_DEADLINE} (so an idle keep-alive connection lasts that long too), and Jetty closes one that
 * moves no byte for {@link #IDLE_TIMEOUT}. (The JDK's HttpServer read each request on a pool thread: four
 * half-sent requests starved /metrics.)
 */
public final class Endpoints implements AutoCloseable {
    /** Each request's line and headers must arrive within this of the connection or of the previous request. */
    public static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);
    /** A connection that moves no byte at all (a client that does not read its response) is closed after this. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** What the API serves; every method may answer empty when nothing exists yet. */
    public interface Api {
        Optional<String> latestJson();

        Optional<String> latestHtml();

        /** Requests a run; false when one is already waiting. */
        boolean requestRun();
    }

    private final Server server;

    public Endpoints(
            String listen, Supplier<String> scrape, BooleanSupplier ready, String apiListen, byte[] token, Api impl)
            throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("dw-http");
        threads.setDaemon(true);
        server = new Server(threads);
        ServerConnector metrics = connector("metrics", listen);
        ServerConnector api = apiListen == null ? null : connector("api", apiListen);
        server.setHandler(
                new Handler.Abstract() { // blocking: a scrape or a run request may take a while
                    @Override
                    public boolean handle(Request request, Response response, Callback callback) {
                        RequestDeadline.served(request);
                        if (request.getConnectionMetaData().getConnector() == metrics) {
                            serveMetrics(request, response, callback, scrape, ready);
                        } else {
                            serveApi(request, response, callback, token, impl);
                        }
                        return true;
                    }
                });
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private ServerConnector connector(String name, String hostPort) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        c.setName(name);
        int colon = hostPort.lastIndexOf(':');
        c.setHost(hostPort.substring(0, colon));
        c.setPort(Integer.parseInt(hostPort.substring(colon + 1)));
        c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        c.addEventListener(new RequestDeadline(c.getScheduler(), REQUEST_DEADLINE));
        server.addConnector(c);
        return c;
    }

    private static void serveMetrics(
            Request request, Response response, Callback callback, Supplier<String> scrape, BooleanSupplier ready) {
        switch (request.getHttpURI().getPath()) {
            case "/metrics" -> send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get());
            case "/healthz" -> send(response, callback, 200, "text/plain", "ok\n");
            case "/readyz" -> {
                boolean ok = ready.getAsBoolean();
                send(response, callback, ok ? 200 : 503, "text/plain", ok ? "ready\n" : "not ready\n");
            }
            default -> send(response, callback, 404, "text/plain", "not found\n");
        }
    }

    private static void serveApi(Request request, Response response, Callback callback, byte[] token, Api impl) {
        if (!authorised(request, token)) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            send(response, callback, 401, "text/plain", "unauthorised\n");
            return;
        }
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        if (path.equals("/api/runs") && method.equals("POST")) {
            boolean queued = impl.requestRun();
            send(
                    response,
                    callback,
                    queued ? 202 : 409,
                    "application/json",
                    queued
                            ? "{\"queued\": true}\n"
                            : "{\"queued\": false, \"reason\": \"a run is already waiting\"}\n");
        } else if (path.equals("/api/runs/latest") && method.equals("GET")) {
            answer(response, callback, impl.latestJson(), "application/json");
        } else if (path.equals("/reports/latest") && method.equals("GET")) {
            answer(response, callback, impl.latestHtml(), "text/html; charset=utf-8");
        } else {
            send(response, callback, 404, "text/plain", "not found\n");
        }
    }

    private static void answer(Response response, Callback callback, Optional<String> body, String type) {
        if (body.isPresent()) {
            send(response, callback, 200, type, body.get());
        } else {
            send(response, callback, 404, "text/plain", "no run yet\n");
        }
    }

    private static boolean authorised(Request request, byte[] token) {
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null || !h.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(h.substring(7).strip().getBytes(StandardCharsets.UTF_8), token);
    }

    private static void send(Response response, Callback callback, int code, String type, String body) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        Content.Sink.write(response, true, body, callback);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort on the way out; the process is ending
        }
    }
}
