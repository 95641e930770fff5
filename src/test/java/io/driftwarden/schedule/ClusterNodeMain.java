package io.driftwarden.schedule;

import io.driftwarden.store.Store;
import java.time.Duration;
import java.time.ZoneId;

/**
 * One node of a cluster for {@link ClusteredSchedulerPostgresIT}, in a JVM of its own (Quartz keeps one scheduler of a
 * name per JVM): the store opened on PostgreSQL, the clustered scheduler started on it, and each firing printed as
 * {@code FIRED <scheduled epoch ms> <pid> <recovering>}. Runs until killed.
 */
public final class ClusterNodeMain {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String cron = args[1];
        long pid = ProcessHandle.current().pid();
        Store store = Store.open(url, 6);
        RunScheduler scheduler = RunScheduler.clustered(
                cron,
                ZoneId.of("UTC"),
                store.dataSource(),
                Duration.ofSeconds(2),
                io.driftwarden.cluster.NodeId.generate(),
                fire -> {
                    System.out.println(
                            "FIRED " + fire.scheduledFor().toEpochMilli() + " " + pid + " " + fire.recovering());
                    System.out.flush();
                    try {
                        Thread.sleep(300); // a firing takes a moment: a kill can land inside one
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        scheduler.start(null);
        System.out.println("STARTED " + pid);
        System.out.flush();
        Thread.currentThread().join();
    }
}
