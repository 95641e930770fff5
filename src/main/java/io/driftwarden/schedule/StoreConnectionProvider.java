package io.driftwarden.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz's clustered job store the store's own connection pool: one pool per node, sized for Quartz's threads
 * and the store together. Quartz builds this class by name from its properties, so the pool is found in a registry
 * by the key those properties carry. The one class outside {@code store} that touches {@code java.sql}: it passes
 * connections through, nothing more (ArchitectureTest names it).
 */
public final class StoreConnectionProvider implements ConnectionProvider {
    private static final Map<String, DataSource> REGISTRY = new ConcurrentHashMap<>();
    private String registryKey;
    private DataSource pool;

    static void register(String key, DataSource pool) {
        REGISTRY.put(key, pool);
    }

    static void unregister(String key) {
        REGISTRY.remove(key);
    }

    /** Quartz sets this from {@code org.quartz.dataSource.NAME.registryKey}. */
    public void setRegistryKey(String registryKey) {
        this.registryKey = registryKey;
    }

    @Override
    public void initialize() throws SQLException {
        pool = REGISTRY.get(registryKey);
        if (pool == null) {
            throw new SQLException("schedule: no store pool registered as '" + registryKey + "'");
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    /** Nothing: the pool is the store's, closed by the store after the scheduler has stopped. */
    @Override
    public void shutdown() {}
}
