package io.driftwarden.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of PostgreSQL's session-level advisory locks, held on a connection of its own for as long as this node holds it:
 * the database releases it when the session ends, so a node that dies (its socket closed) hands it on at once, and a
 * node that stalls keeps it (what it guards waits, it is not done twice). Which node holds it is the database's
 * decision, never ours.
 */
public final class SessionLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLock.class);
    private final String url;
    private final long key;
    private final String what;
    private Connection session;
    private boolean held;

    /** @param what what the lock guards, for the log */
    public SessionLock(String url, long key, String what) {
        this.url = url;
        this.key = key;
        this.what = what;
    }

    /** Whether this node holds the lock now, taking it when it is free; false (never an exception) when unsure. */
    public synchronized boolean held() {
        try {
            if (session != null && held && session.isValid(5)) {
                return true;
            }
            closeSession();
            session = DriverManager.getConnection(url);
            try (PreparedStatement st = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                st.setLong(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    held = rs.getBoolean(1);
                }
            }
            if (held) {
                LOG.info("this node now {}", what);
            } else {
                closeSession(); // another node holds it: no idle session kept open for nothing
            }
            return held;
        } catch (SQLException e) {
            LOG.warn("cannot tell whether this node {}: {}", what, e.getMessage());
            closeSession();
            return false;
        }
    }

    private void closeSession() {
        held = false;
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // the session is gone either way, and the lock with it
            }
            session = null;
        }
    }

    @Override
    public synchronized void close() {
        closeSession();
    }
}
