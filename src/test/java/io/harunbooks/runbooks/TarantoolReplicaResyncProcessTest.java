package io.harunbooks.runbooks;

import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code tarantool-replica-resync} (seed 001, «У сервиса типа Tarantool нарушена репликация данных»). */
@Deployment(resources = {"bpmn/tarantool-replica-resync.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-replica-clean.form", "forms/escalate-to-support.form"})
class TarantoolReplicaResyncProcessTest {

    static final String MAP = "ic map badger";
    static final String CLEAN = "clean_tnt_replica.sh badger-3";
    static final String FLIP = "ic flip badger.vkt03.badger-3";
    static final String RESTART = "systemctl restart tarantool@badger-3 badger-3";

    static final ProcessTestEngine pt = new ProcessTestEngine();

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startAndConfirm(String fault) {
        pt.lab.inject(fault);
        ProcessInstance pi = pt.start("tarantool-replica-resync", Map.of("service", "badger", "instance", "badger-3"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmClean");
        pt.confirm(pi);
        return pi;
    }

    @Test
    void cleanWaitFlipWaitVerifyAndRestartTheFormerMainAsTheSeedSays() {
        ProcessInstance pi = startAndConfirm("tarantool-replication-stopped");

        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_WaitAfterClean");
        assertThat(pt.waitingTimers()).singleElement().satisfies(d ->
                assertThat(d).isBetween(Duration.ofMinutes(5).minusSeconds(5), Duration.ofMinutes(5)));
        assertThat(pt.commandsOn("vkt03")).containsExactly(MAP, MAP, CLEAN);

        pt.fireTimers();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_WaitAfterFlip");
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ApplyDefaults", "Task_ShowServiceMap",
                "Task_ConfirmClean", "Task_RecheckServiceMap", "Task_CleanReplica", "Timer_WaitAfterClean",
                "Task_CountFlipAttempt", "Task_Flip", "Gateway_FlipOk", "Timer_WaitAfterFlip", "Task_VerifySwap",
                "Gateway_Swapped", "Task_RestartFormerMain", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("vkt03")).containsExactly(MAP, MAP, CLEAN, FLIP, MAP);
        assertThat(pt.commandsOn("vkt04")).containsExactly(RESTART);
        assertThat(pt.historicVariable(pi, "swapped")).isEqualTo(true);
        assertThat(pt.historicVariable(pi, "flipAttempts")).isEqualTo(1);
        var badger = pt.lab.state().services().tarantool().get("badger");
        assertThat(badger.mainHost()).isEqualTo("vkt03");
        assertThat(badger.slaveHost()).isEqualTo("vkt04");
        assertThat(badger.replicating()).isTrue();
        assertThat(badger.restarts()).containsEntry("vkt04", 1);
    }

    @Test
    void aFailedFlipIsRetriedOnceAfterTheWait() {
        ProcessInstance pi = startAndConfirm("tarantool-flip-error-once");
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_FlipRetryWait");
        pt.fireTimers();
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassed("Gateway_RetryFlip", "Timer_FlipRetryWait", "EndEvent_Recovered")
                .isEnded();
        assertThat(pt.commandsOn("vkt03")).containsSubsequence(CLEAN, FLIP, FLIP, MAP);
        assertThat(pt.historicVariable(pi, "flipAttempts")).isEqualTo(2);
    }

    @Test
    void aFlipFailingTwiceEscalatesAndNothingIsRestarted() {
        ProcessInstance pi = startAndConfirm("tarantool-flip-error-always");
        pt.fireTimers();
        pt.fireTimers();

        assertThat(pt.commandsOn("vkt03").stream().filter(FLIP::equals)).hasSize(2);
        assertThat(pt.commandsOn("vkt04")).isEmpty();
        pt.assertEscalatedAndFinish(pi, "");
    }

    @Test
    void anUnexpectedScriptOutputStopsEverythingForTheService() {
        ProcessInstance pi = startAndConfirm("tarantool-clean-unexpected");

        BpmnAwareTests.assertThat(pi).hasNotPassed("Timer_WaitAfterClean");
        assertThat(pt.commandsOn("vkt03")).containsExactly(MAP, MAP, CLEAN);
        assertThat(pt.waitingTimers()).isEmpty();
        pt.assertEscalatedAndFinish(pi, "ERROR: IPROS instance badger-3 exited");
    }

    @Test
    void rolesNotSwappedAfterTheFlipEscalatesWithoutRestart() {
        ProcessInstance pi = startAndConfirm("tarantool-replication-stopped");
        pt.fireTimers();
        pt.answer("vkt03", MAP, 0, io.harunbooks.support.Fixtures.fixture("messenger/ic-map/badger-healthy.txt")
                .replace("vkt-4vm-675-standart-01", "vkt03").replace("vkt-4vm-675-standart-02", "vkt04"));

        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_VerifySwap").hasNotPassed("Task_RestartFormerMain");
        assertThat(pt.historicVariable(pi, "swapped")).isEqualTo(false);
        assertThat(pt.commandsOn("vkt04")).isEmpty();
        pt.assertEscalatedAndFinish(pi, "");
    }

    @Test
    void shortenedWaitsComeFromVariables() {
        pt.lab.inject("tarantool-replication-stopped");
        ProcessInstance pi = pt.start("tarantool-replica-resync", Map.of("service", "badger", "instance", "badger-3",
                "waitAfterClean", "PT2S"));
        pt.executeJobs();
        pt.confirm(pi);

        assertThat(pt.waitingTimers()).singleElement().satisfies(d -> assertThat(d).isLessThanOrEqualTo(
                Duration.ofSeconds(2)));
        assertThat(pt.historicVariable(pi, "waitAfterFlip")).isEqualTo("PT5M");
    }
}
