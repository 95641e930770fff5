package io.driftwarden.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz, thinly: one job that runs the audit on the cron, never two at once, one catch-up run after
 * downtime (never a burst), at most one manual run waiting, and interruption on shutdown. In memory for one node;
 * or, {@link #clustered}, Quartz's JDBC job store on the store's PostgreSQL, where each scheduled time fires on
 * exactly one node of the cluster and a node that dies while firing is recovered by another.
 */
public final class RunScheduler implements AutoCloseable {
    private static final JobKey JOB = JobKey.jobKey("audit", "driftwarden");
    private static final TriggerKey TRIGGER = TriggerKey.triggerKey("hourly", "driftwarden");
    private final Scheduler scheduler;
    private final CronExpression cron;
    private final Consumer<Fire> task;
    /** The registry key of the store's pool, for a clustered scheduler (null in memory). */
    private final String pool;

    private final AtomicReference<Thread> running = new AtomicReference<>();
    private final AtomicBoolean pending = new AtomicBoolean();

    /**
     * One firing: the time it was scheduled for, and whether it is another node's firing recovered after that node
     * died during it (the run it started may exist already; starting one must be idempotent on the time).
     */
    public record Fire(Instant scheduledFor, boolean recovering) {}

    /** The job Quartz runs (made by our JobFactory): calls the task, can be interrupted, never overlaps itself. */
    @DisallowConcurrentExecution
    public static final class AuditJob implements InterruptableJob {
        private final RunScheduler owner;

        AuditJob(RunScheduler owner) {
            this.owner = owner;
        }

        @Override
        public void execute(JobExecutionContext context) {
            owner.pending.set(false);
            owner.running.set(Thread.currentThread());
            try {
                owner.task.accept(new Fire(scheduledFor(context), context.isRecovering()));
            } finally {
                owner.running.set(null);
                Thread.interrupted();
                synchronized (owner) {
                    owner.notifyAll();
                }
            }
        }

        @Override
        public void interrupt() {
            Thread t = owner.running.get();
            if (t != null) {
                t.interrupt();
            }
        }
    }

    /** One node: the schedule in memory. */
    public RunScheduler(String cronText, ZoneId zone, Runnable task) {
        this(cronText, zone, QuartzProperties.inMemory(), null, fire -> task.run());
    }

    /**
     * A node of a cluster on the store's PostgreSQL (whose migration made Quartz's tables): the first node stores the
     * schedule, the others find it; a node whose cron or time zone differs from the stored one is refused, since
     * replacing it would move every node's next run.
     *
     * @param pool the store's connection pool, shared with Quartz (not closed by the scheduler)
     * @param checkin how often the node checks in; a node silent for this plus 7.5 s is taken as dead
     * @param node this node's name, unique in the cluster
     * @param fire called with each firing: the time it was scheduled for (for a recovered firing, the original time)
     */
    public static RunScheduler clustered(
            String cronText, ZoneId zone, DataSource pool, Duration checkin, String node, Consumer<Fire> fire) {
        String key = "store-" + java.util.UUID.randomUUID();
        StoreConnectionProvider.register(key, pool);
        try {
            return new RunScheduler(cronText, zone, QuartzProperties.clustered(key, checkin, node), key, fire);
        } catch (RuntimeException e) {
            StoreConnectionProvider.unregister(key);
            throw e;
        }
    }

    private RunScheduler(String cronText, ZoneId zone, Properties p, String pool, Consumer<Fire> task) {
        this.pool = pool;
        this.task = task;
        try {
            this.cron = new CronExpression(cronText);
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            scheduler = new StdSchedulerFactory(p).getScheduler();
        } catch (ParseException | SchedulerException e) {
            throw new IllegalStateException("schedule.cron: " + e.getMessage(), e);
        }
        try {
            scheduler.setJobFactory((bundle, s) -> new AuditJob(this));
            JobDetail job = JobBuilder.newJob(AuditJob.class)
                    .withIdentity(JOB)
                    .storeDurably()
                    .requestRecovery(pool != null) // a node that dies while firing: another fires it again
                    .build();
            Trigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity(TRIGGER)
                    .forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(cronText)
                            .inTimeZone(TimeZone.getTimeZone(zone))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            if (pool == null) {
                scheduler.scheduleJob(job, trigger);
            } else {
                scheduleOnce(job, trigger, cronText, zone);
            }
        } catch (SchedulerException | RuntimeException e) {
            shutdownQuietly();
            throw new IllegalStateException("schedule.cron: " + e.getMessage(), e);
        }
    }

    /** The cluster's schedule is stored once; a node with another one is refused, never replaces it. */
    private void scheduleOnce(JobDetail job, Trigger trigger, String cronText, ZoneId zone) throws SchedulerException {
        if (!scheduler.checkExists(TRIGGER)) {
            try {
                if (scheduler.checkExists(JOB)) { // an earlier node's job outlived its trigger: give it one
                    scheduler.scheduleJob(trigger);
                } else {
                    scheduler.scheduleJob(job, trigger);
                }
                return;
            } catch (ObjectAlreadyExistsException e) {
                // another node stored it first: compare below
            }
        }
        Trigger stored = scheduler.getTrigger(TRIGGER);
        if (stored instanceof CronTrigger c
                && c.getCronExpression().equals(cron.getCronExpression()) // Quartz keeps it upper-cased
                && c.getTimeZone().getID().equals(TimeZone.getTimeZone(zone).getID())) {
            return;
        }
        String theirs = stored instanceof CronTrigger c
                ? "'" + c.getCronExpression() + "' (" + c.getTimeZone().getID() + ")"
                : String.valueOf(stored);
        throw new IllegalStateException("the cluster runs " + theirs + ", this node '" + cronText + "' ("
                + TimeZone.getTimeZone(zone).getID() + "): give every node the same schedule.cron and time_zone");
    }

    /** The time a firing was scheduled for: a recovered firing keeps the time of the one that died with its node. */
    private static Instant scheduledFor(JobExecutionContext context) {
        if (context.isRecovering()) {
            String original = context.getMergedJobDataMap()
                    .getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
            if (original != null) {
                return Instant.ofEpochMilli(Long.parseLong(original));
            }
        }
        Date at = context.getScheduledFireTime();
        return at != null ? at.toInstant() : Instant.now();
    }

    private void shutdownQuietly() {
        try {
            scheduler.shutdown(false);
        } catch (SchedulerException ignored) {
            // failing already: the caller's exception says why
        }
    }

    /**
     * Starts the schedule; one node runs once at once when the last run (if any) missed a scheduled time. A cluster
     * needs no such request: its stored trigger's misfire fires once for the whole cluster.
     */
    public void start(Instant lastRun) {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("schedule: cannot start: " + e.getMessage(), e);
        }
        if (pool == null && (lastRun == null || missed(lastRun, Instant.now()))) {
            requestRun();
        }
    }

    /** Whether a scheduled time fell between the last run and now (the daemon was down for it). */
    public boolean missed(Instant lastRun, Instant now) {
        Date next = cron.getNextValidTimeAfter(Date.from(lastRun));
        return next != null && !next.toInstant().isAfter(now);
    }

    /** The scheduler refused to take a run (it is stopping, or broken); the cause says why. */
    public static final class Refused extends RuntimeException {
        Refused(SchedulerException cause) {
            super("schedule: cannot request a run: " + cause.getMessage(), cause);
        }
    }

    /**
     * Asks for a run now; false when one is already waiting (a run in progress is not interrupted).
     *
     * @throws Refused when the scheduler cannot take it
     */
    public boolean requestRun() {
        if (pool != null) { // a cluster's firing runs on any node, which opens a run for it: the run rows dedupe
            try {
                scheduler.triggerJob(JOB);
                return true;
            } catch (SchedulerException e) {
                throw new Refused(e);
            }
        }
        if (!pending.compareAndSet(false, true)) {
            return false;
        }
        try {
            scheduler.triggerJob(JOB);
        } catch (SchedulerException e) {
            pending.set(false); // nothing waits: the next request must not get 409 for ever
            throw new Refused(e);
        } catch (RuntimeException e) {
            pending.set(false);
            throw e;
        }
        return true;
    }

    public boolean running() {
        return running.get() != null;
    }

    public boolean started() {
        try {
            return scheduler.isStarted() && !scheduler.isShutdown();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** Interrupts a running audit and stops; waits at most {@code millis} for it to end. */
    @Override
    public void close() {
        try {
            scheduler.interrupt(JOB);
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            // shutting down regardless
        } finally {
            if (pool != null) {
                StoreConnectionProvider.unregister(pool);
            }
        }
    }

    /** Waits until no run is in progress, at most {@code millis}; true when idle. */
    public synchronized boolean awaitIdle(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (running.get() != null) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
