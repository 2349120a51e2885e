package io.harunbooks.runbooks;

import io.harunbooks.lab.compass.CompassSimulation;
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

import static io.harunbooks.runbooks.CompassCommands.CHECK_MASTER;
import static io.harunbooks.runbooks.CompassCommands.LSYNCD_STATUS;
import static io.harunbooks.runbooks.CompassCommands.PRIMARY;
import static io.harunbooks.runbooks.CompassCommands.RESERVE;
import static io.harunbooks.runbooks.CompassCommands.RESET;
import static io.harunbooks.runbooks.CompassCommands.SHOW;
import static io.harunbooks.runbooks.CompassCommands.START;
import static io.harunbooks.runbooks.CompassCommands.VIP_ADDR;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code compass-recover-after-primary-failure} (seed 000, «Восстановление после сбоя основного сервера»). */
@Deployment(resources = {"bpmn/compass-recover-after-primary-failure.bpmn", "bpmn/compass-replication-check.bpmn",
        "bpmn/escalate-to-support.bpmn", "forms/escalate-to-support.form"})
class CompassRecoverAfterPrimaryFailureProcessTest {

    static final String LSYNCD_RUNNING = "● lsyncd.service - LSB: lsyncd daemon init script\n"
            + "     Active: active (running) since Sun 2026-11-29 17:47:12 UTC; 2h ago\n";

    static final ProcessTestEngine pt = new ProcessTestEngine(
            clock -> CompassSimulation.labSystem(clock, CompassCommands.SETTLE), List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private CompassSimulation sim() {
        return (CompassSimulation) pt.simulation;
    }

    private ProcessInstance start(String fault, Map<String, Object> variables) {
        pt.simulation.inject(fault);
        ProcessInstance pi = pt.start("compass-recover-after-primary-failure", variables);
        pt.executeJobs();
        return pi;
    }

    @Test
    void resetsAndStartsReplicationOnThePrimaryAndWaitsUntilItCaughtUp() {
        ProcessInstance pi = start(CompassSimulation.AFTER_PRIMARY_FAILURE, Map.of());
        BpmnAwareTests.assertThat(pi).isNotEnded();
        pt.fireTimers();
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_VipOnPrimary", "Task_VipOnReserve", "Task_LsyncdOnPrimary",
                "Task_MasterCheckOnPrimary", "Task_ResetReplication", "Task_StartReplication",
                "CallActivity_WaitCaughtUp", "Task_LsyncdStillOffOnPrimary", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(VIP_ADDR, LSYNCD_STATUS, CHECK_MASTER, RESET, START, SHOW,
                SHOW, SHOW, LSYNCD_STATUS);
        assertThat(pt.commandsOn(RESERVE)).containsExactly(VIP_ADDR);
        assertThat(sim().node(PRIMARY).replication()).isEqualTo(CompassSimulation.Replication.RUNNING);
        assertThat(sim().node(PRIMARY).secondsBehind()).isZero();
        assertThat(sim().node(PRIMARY).lsyncdRunning()).isFalse();
        assertThat(((CompassSimulation.State) pt.simulation.state()).vipHolders()).containsExactly(RESERVE);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
    }

    @Test
    void trafficStillOnThePrimaryEscalatesAndChangesNothing() {
        ProcessInstance pi = start(CompassSimulation.HEALTHY, Map.of());

        pt.assertEscalatedAndFinish(pi, "is on the primary and not on the reserve");
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(VIP_ADDR);
    }

    @Test
    void lsyncdRunningOnThePrimaryEscalates() {
        pt.answer(PRIMARY, LSYNCD_STATUS, 0, LSYNCD_RUNNING);
        ProcessInstance pi = start(CompassSimulation.AFTER_PRIMARY_FAILURE, Map.of());

        pt.assertEscalatedAndFinish(pi, "runs on it (it must stay off");
        assertThat(pt.commandsOn(PRIMARY)).doesNotContain(RESET, START);
    }

    @Test
    void aFailedResetEscalates() {
        pt.answer(PRIMARY, RESET, 1, "");
        ProcessInstance pi = start(CompassSimulation.AFTER_PRIMARY_FAILURE, Map.of());

        pt.assertEscalatedAndFinish(pi, "reset_slave_replication.py on compass-primary failed");
        assertThat(pt.commandsOn(PRIMARY)).doesNotContain(START);
    }

    @Test
    void aFailedStartEscalates() {
        pt.answer(PRIMARY, START, 1, "");
        ProcessInstance pi = start(CompassSimulation.AFTER_PRIMARY_FAILURE, Map.of());

        pt.assertEscalatedAndFinish(pi, "start_slave_replication.py failed");
    }

    @Test
    void notCaughtUpWithinTheChecksEscalates() {
        ProcessInstance pi = start(CompassSimulation.AFTER_PRIMARY_FAILURE, Map.of("replicationMaxPolls", "2"));
        pt.fireTimers();

        pt.assertEscalatedAndFinish(pi, "did not catch up with the reserve");
        assertThat(pt.commandsOn(PRIMARY)).containsSubsequence(RESET, START, SHOW, SHOW).containsOnlyOnce(LSYNCD_STATUS);
    }

    @Test
    void lsyncdStartedOnThePrimaryMeanwhileEscalates() {
        ProcessInstance pi = start(CompassSimulation.AFTER_PRIMARY_FAILURE, Map.of());
        pt.answer(PRIMARY, LSYNCD_STATUS, 0, LSYNCD_RUNNING);
        pt.fireTimers();
        pt.fireTimers();

        pt.assertEscalatedAndFinish(pi, "lsyncd now runs on the primary");
    }

    @Test
    void anUnreachablePrimaryEscalates() {
        pt.unreachable(PRIMARY);
        ProcessInstance pi = start(CompassSimulation.PRIMARY_DOWN, Map.of());

        pt.assertEscalatedAndFinish(pi, "compass-primary");
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_VipOnPrimaryFailed");
    }

    @Test
    void aFailingMasterCheckEscalates() {
        pt.answer(PRIMARY, CHECK_MASTER, 1, "");
        ProcessInstance pi = start(CompassSimulation.AFTER_PRIMARY_FAILURE, Map.of());

        pt.assertEscalatedAndFinish(pi, "exited 1");
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_MasterCheckOnPrimaryFailed");
    }
}
