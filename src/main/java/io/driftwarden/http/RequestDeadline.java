package io.driftwarden.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose next request has not fully arrived within the deadline: from the connection's opening
 * to its first request's headers, then from each request to the next one's. Jetty's idle timeout alone restarts with
 * every byte, so a client trickling one byte every few seconds could keep a half-sent request open for hours; this
 * bounds the time to read each request, whatever the pace (and closes a keep-alive connection idle that long).
 */
final class RequestDeadline implements Connection.Listener {
    private record Armed(RequestDeadline owner, Scheduler.Task task) {}

    private static final Map<Connection, Armed> ARMED = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final Duration deadline;

    RequestDeadline(Scheduler scheduler, Duration deadline) {
        this.scheduler = scheduler;
        this.deadline = deadline;
    }

    /** A request's line and headers are in: the clock starts again for the next one. */
    static void served(Request request) {
        Connection c = request.getConnectionMetaData().getConnection();
        Armed a = ARMED.remove(c);
        if (a != null) {
            a.task().cancel();
            a.owner().arm(c);
        }
    }

    private void arm(Connection connection) {
        ARMED.put(
                connection,
                new Armed(
                        this,
                        scheduler.schedule(
                                () -> {
                                    if (ARMED.remove(connection) != null) {
                                        connection.getEndPoint().close();
                                    }
                                },
                                deadline.toMillis(),
                                TimeUnit.MILLISECONDS)));
    }

    @Override
    public void onOpened(Connection connection) {
        arm(connection);
    }

    @Override
    public void onClosed(Connection connection) {
        Armed a = ARMED.remove(connection);
        if (a != null) {
            a.task().cancel();
        }
    }
}
