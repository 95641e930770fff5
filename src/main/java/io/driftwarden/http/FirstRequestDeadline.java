package io.driftwarden.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose first request has not fully arrived within the deadline. Jetty's idle timeout alone
 * restarts with every byte, so a client trickling one byte every few seconds could keep a half-sent request open
 * for hours; this bounds the time to read it, whatever the pace.
 */
final class FirstRequestDeadline implements Connection.Listener {
    private static final Map<Connection, Scheduler.Task> PENDING = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final Duration deadline;

    FirstRequestDeadline(Scheduler scheduler, Duration deadline) {
        this.scheduler = scheduler;
        this.deadline = deadline;
    }

    /** The request's line and headers are in: its connection is no longer on the clock. */
    static void served(Request request) {
        Scheduler.Task t = PENDING.remove(request.getConnectionMetaData().getConnection());
        if (t != null) {
            t.cancel();
        }
    }

    @Override
    public void onOpened(Connection connection) {
        PENDING.put(connection, scheduler.schedule(() -> {
            if (PENDING.remove(connection) != null) {
                connection.getEndPoint().close();
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void onClosed(Connection connection) {
        Scheduler.Task t = PENDING.remove(connection);
        if (t != null) {
            t.cancel();
        }
    }
}
