package io.harunbooks.engine;

import io.harunbooks.support.LabApplication;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Job acquisition is tuned so that a timer or a retry that is due starts within about a second, not after the
 * engine's idle back-off of up to a minute: the application's job executor polls every 200 ms and waits at most 1 s
 * when idle (application.yaml). How long a 1-second timer of a real run takes to fire is printed for reference.
 */
class JobAcquisitionIT extends LabApplication {

    @Autowired
    ProcessEngine engine;

    @Test
    void anIdleJobExecutorLooksForDueJobsAtLeastEverySecond() {
        JobExecutor executor = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getJobExecutor();
        assertThat(executor.isActive()).isTrue();
        assertThat(executor.getWaitTimeInMillis()).isLessThanOrEqualTo(200);
        assertThat(executor.getMaxWait()).isLessThanOrEqualTo(1000);
        assertThat(executor.getBackoffTimeInMillis()).isZero();
    }

    @Test
    void aDueTimerOfARealRunFiresPromptly() {
        injectFault("tarantool-replication-stopped");
        String id = startRun("tarantool-replica-resync", "{\"service\": \"badger\", \"instance\": \"badger-3\","
                + " \"waitAfterClean\": \"PT1S\", \"waitAfterFlip\": \"PT1S\", \"flipRetryWait\": \"PT1S\"}");
        completeTask(awaitTask("Task_ConfirmClean"), java.util.Map.of("confirmed", true));
        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        var timers = engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(id)
                .activityType("intermediateTimer").list();
        assertThat(timers).hasSizeGreaterThanOrEqualTo(2);
        timers.forEach(t -> System.out.println("timer " + t.getActivityId() + " (PT1S) took "
                + Duration.ofMillis(t.getDurationInMillis())));
        // generous bound: what matters is not waiting for an idle back-off of up to a minute
        assertThat(timers).allSatisfy(t -> assertThat(t.getDurationInMillis()).isLessThan(15_000));
    }
}
