package io.harunbooks.engine;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutorContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the job executor's lock on the job of a long step (a resync, an installer) for as long as the step runs. A
 * job's lock expires after {@code camunda.bpm.job-execution.lock-time-in-millis} (5 minutes by default); after that
 * this node or another would acquire the same job again and run the command a second time. While a step may take
 * longer than half the lock time, its lock's expiry is pushed forward every third of the lock time, in its own
 * transaction, for as long as this node still owns it.
 */
@Component
public class JobLockKeeper implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobLockKeeper.class);

    private final ObjectProvider<ProcessEngine> engine;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate newTransaction;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-lock-keeper");
        t.setDaemon(true);
        return t;
    });

    public JobLockKeeper(ObjectProvider<ProcessEngine> engine, JdbcTemplate jdbc, PlatformTransactionManager tm) {
        this.engine = engine;
        this.jdbc = jdbc;
        this.newTransaction = new TransactionTemplate(tm);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Handle to stop keeping the lock when the step is over. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Keeps the current job's lock while a step that may take {@code longest} runs; does nothing outside the job
     * executor or when the step fits well within the lock time.
     */
    public Hold holdFor(Duration longest) {
        JobExecutorContext context = Context.getJobExecutorContext();
        JobEntity job = context == null ? null : context.getCurrentJob();
        ProcessEngine pe = engine.getIfAvailable();
        if (job == null || pe == null) {
            return () -> { };
        }
        ProcessEngineConfigurationImpl cfg = (ProcessEngineConfigurationImpl) pe.getProcessEngineConfiguration();
        long lockMillis = cfg.getJobExecutor().getLockTimeInMillis();
        if (longest.toMillis() < lockMillis / 2) {
            return () -> { };
        }
        String jobId = job.getId();
        String owner = job.getLockOwner();
        String table = cfg.getDatabaseTablePrefix() + "ACT_RU_JOB";
        long period = Math.max(lockMillis / 3, 200);
        ScheduledFuture<?> beat = scheduler.scheduleAtFixedRate(() -> {
            try {
                Integer updated = newTransaction.execute(status -> jdbc.update("UPDATE " + table
                                + " SET LOCK_EXP_TIME_ = ? WHERE ID_ = ? AND LOCK_OWNER_ = ?",
                        new Timestamp(System.currentTimeMillis() + lockMillis), jobId, owner));
                log.debug("Extended the lock of job {} ({} row)", jobId, updated);
            } catch (RuntimeException e) {
                log.warn("Could not extend the lock of job {}: {}", jobId, e.getMessage());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        log.info("Keeping the lock of job {} while a step of up to {} runs (lock time {} ms)", jobId, longest,
                lockMillis);
        return () -> beat.cancel(false);
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
