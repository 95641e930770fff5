package io.driftwarden.schedule;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz, thinly: one job that runs the audit on the cron, never two at once, one catch-up run after
 * downtime (never a burst), at most one manual run waiting, and interruption on shutdown.
 */
public final class RunScheduler implements AutoCloseable {
    private static final JobKey JOB = JobKey.jobKey("audit", "driftwarden");
    private final Scheduler scheduler;
    private final CronExpression cron;
    private final Runnable task;
    private final AtomicReference<Thread> running = new AtomicReference<>();
    private final AtomicBoolean pending = new AtomicBoolean();

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
                owner.task.run();
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

    public RunScheduler(String cronText, ZoneId zone, Runnable task) {
        try {
            this.cron = new CronExpression(cronText);
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            this.task = task;
            Properties p = new Properties();
            p.setProperty("org.quartz.scheduler.instanceName", "driftwarden");
            p.setProperty("org.quartz.threadPool.threadCount", "1");
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
            p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
            scheduler = new StdSchedulerFactory(p).getScheduler();
            scheduler.setJobFactory((bundle, s) -> new AuditJob(this));
            JobDetail job = JobBuilder.newJob(AuditJob.class)
                    .withIdentity(JOB)
                    .storeDurably()
                    .build();
            Trigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity("hourly", "driftwarden")
                    .forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(cronText)
                            .inTimeZone(TimeZone.getTimeZone(zone))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            scheduler.scheduleJob(job, trigger);
        } catch (ParseException | SchedulerException e) {
            throw new IllegalStateException("schedule.cron: " + e.getMessage(), e);
        }
    }

    /** Starts the schedule; runs once at once when the last run (if any) missed a scheduled time. */
    public void start(Instant lastRun) {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("schedule: cannot start: " + e.getMessage(), e);
        }
        if (lastRun == null || missed(lastRun, Instant.now())) {
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
