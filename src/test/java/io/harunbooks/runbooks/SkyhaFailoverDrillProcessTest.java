package io.harunbooks.runbooks;

import io.harunbooks.lab.skyha.SkyhaSimulation;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.harunbooks.lab.skyha.SkyhaSimulation.SHOW;
import static io.harunbooks.lab.skyha.SkyhaSimulation.STOP_DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code skyha-failover-drill} (seed 004, 模拟docker daemon进程异常，检验IP漂移、自动切换效果). */
@Deployment(resources = {"bpmn/skyha-failover-drill.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-skyha-drill.form", "forms/escalate-to-support.form"})
class SkyhaFailoverDrillProcessTest {

    static final String PING = "ping -c 3 192.168.142.191";
    static final ProcessTestEngine pt = new ProcessTestEngine(SkyhaLab::system, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilConfirmation() {
        ProcessInstance pi = pt.start("skyha-failover-drill", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmDrill");
        return pi;
    }

    @Test
    void dockerStoppedOnTheMasterMovesEverythingToTheSlaveWithinTheWait() {
        ProcessInstance pi = startUntilConfirmation();
        assertThat((String) SkyhaLab.var(pt, pi, "drillPlan")).startsWith(
                "on skyha1 (master): systemctl stop docker.service\nwait PT30S");
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_WaitFailover");
        assertThat(pt.waitingTimers()).singleElement().satisfies(d -> assertThat(d.toSeconds()).isBetween(29L, 30L));
        pt.fireTimers();
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowOnMaster", "Task_ConfirmDrill", "Task_StopDocker",
                "Timer_WaitFailover", "Task_ShowVerify", "Task_PingVip", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skyha1")).containsExactly(SHOW, STOP_DOCKER);
        assertThat(pt.commandsOn("skyha2")).containsExactly(SHOW, PING);
        assertThat(SkyhaLab.sim(pt).state().master()).isEqualTo("skyha2");
    }

    @Test
    void cancelledDrillChangesNothing() {
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("bob", pi, Map.of("confirmed", false));
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").isEnded();
        assertThat(pt.commandsOn("skyha1")).containsExactly(SHOW);
    }

    @Test
    void unhealthyPairIsNotDrilled() {
        SkyhaLab.sim(pt).inject(SkyhaSimulation.CONTAINER_STOPPED);
        ProcessInstance pi = pt.start("skyha-failover-drill", Map.of());
        pt.executeJobs();
        pt.assertEscalatedAndFinish(pi, "A failover drill needs a healthy pair");
    }

    @Test
    void noFailoverEscalatesAfterTheChecks() {
        pt.answer("skyha1", STOP_DOCKER, 0, "");
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        pt.executeJobs();
        for (int i = 0; i < 4; i++) {
            pt.fireTimers();
        }
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNoFailover");
        pt.assertEscalatedAndFinish(pi, "the services did not move as expected (master now skyha1, VIP answers: true)");
    }

    @Test
    void silentVipIsRetriedThenEscalated() {
        pt.answer("skyha2", PING, 1, "3 packets transmitted, 0 received, 100% packet loss");
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        pt.executeJobs();
        for (int i = 0; i < 4; i++) {
            pt.fireTimers();
        }
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_PingFailed", "Task_NoteVipSilent",
                "Task_DescribeNoFailover");
        assertThat(pt.commandsOn("skyha2")).filteredOn(PING::equals).hasSize(3);
        pt.assertEscalatedAndFinish(pi, "VIP answers: false");
    }

    @Test
    void failingStepsEscalate() {
        pt.answer("skyha1", STOP_DOCKER, 1, "Failed to stop docker.service");
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_StopDockerFailed");
        pt.assertEscalatedAndFinish(pi, "skyha1: «systemctl stop docker.service» exited 1");
        pt.reset();
        pt.answer("skyha2", SHOW, 1, "");
        ProcessInstance verify = startUntilConfirmation();
        pt.completeAs("bob", verify, Map.of("confirmed", true));
        pt.executeJobs();
        pt.fireTimers();
        BpmnAwareTests.assertThat(verify).hasPassed("BoundaryEvent_ShowVerifyFailed");
        pt.assertEscalatedAndFinish(verify, "skyha2: «/opt/skylar_ha/skyha show» exited 1");
        pt.reset();
        pt.answer("skyha1", SHOW, 1, "");
        pt.answer("skyha2", SHOW, 1, "");
        ProcessInstance none = pt.start("skyha-failover-drill", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(none).hasPassed("BoundaryEvent_ShowOnSlaveFailed");
        pt.assertEscalatedAndFinish(none, "exited 1");
    }
}
