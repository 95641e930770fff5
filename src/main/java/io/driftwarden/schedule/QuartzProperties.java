package io.driftwarden.schedule;

import java.time.Duration;
import java.util.Properties;

/**
 * Quartz's configuration, in one place: in memory for a single node, or the JDBC job store in clustered mode on the
 * store's PostgreSQL (the tables come from the store's own migration). Values only: no scheduler is built here.
 */
final class QuartzProperties {
    /** Quartz's SCHED_NAME: the same on every node of a cluster, which is what makes them one. */
    static final String NAME = "driftwarden";

    /** The data source name the clustered job store asks Quartz's connection manager for. */
    static final String DATA_SOURCE = "driftwarden";

    private QuartzProperties() {}

    /** One node: the trigger in memory, one worker thread (runs never overlap). */
    static Properties inMemory() {
        Properties p = common();
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return p;
    }

    /**
     * A node of a cluster: the trigger and its firings in the store's tables, one firing per schedule across all
     * nodes, and a dead node's firing recovered by another after {@code checkin} plus Quartz's 7.5 s grace.
     *
     * @param registryKey the key under which {@link StoreConnectionProvider} holds the store's pool
     * @param checkin how often each node checks in (and looks for nodes that stopped checking in)
     * @param node this node's name in Quartz's tables (unique: Quartz's AUTO is not, for two nodes of one machine)
     */
    static Properties clustered(String registryKey, Duration checkin, String node) {
        Properties p = common();
        p.setProperty("org.quartz.scheduler.instanceId", node);
        // the run-starter job and one recovering or manual firing; the probing itself runs on the node's workers
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true"); // strings only: no Java serialisation in the store
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkin.toMillis()));
        p.setProperty(
                "org.quartz.dataSource." + DATA_SOURCE + ".connectionProvider.class",
                StoreConnectionProvider.class.getName());
        p.setProperty("org.quartz.dataSource." + DATA_SOURCE + ".registryKey", registryKey);
        return p;
    }

    private static Properties common() {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", NAME);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000"); // a firing over a minute late is one catch-up
        return p;
    }
}
