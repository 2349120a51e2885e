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
import static io.harunbooks.runbooks.CompassCommands.LABELS;
import static io.harunbooks.runbooks.CompassCommands.PRIMARY;
import static io.harunbooks.runbooks.CompassCommands.RESERVE;
import static io.harunbooks.runbooks.CompassCommands.RESET;
import static io.harunbooks.runbooks.CompassCommands.SHOW;
import static io.harunbooks.runbooks.CompassCommands.START;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code compass-replication-diagnostics} (seed 000, «Диагностика ошибок репликации»). */
@Deployment(resources = {"bpmn/compass-replication-diagnostics.bpmn", "bpmn/compass-replication-check.bpmn",
        "bpmn/escalate-to-support.bpmn", "forms/compass-confirm-replication-reset.form",
        "forms/escalate-to-support.form"})
class CompassReplicationDiagnosticsProcessTest {

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
        ProcessInstance pi = pt.start("compass-replication-diagnostics", variables);
        pt.executeJobs();
        return pi;
    }

    private void confirm(ProcessInstance pi, boolean confirmed) {
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmReset");
        pt.completeAs("alice", pi, Map.of("confirmed", confirmed));
        pt.executeJobs();
    }

    @Test
    void brokenReplicationOnTheReserveIsResetAndStartedThere() {
        ProcessInstance pi = start(CompassSimulation.REPLICATION_BROKEN, Map.of());
        assertThat((String) pt.historicVariable(pi, "plannedCommands"))
                .contains("on compass-reserve: cd /opt/compass-installer && sudo python3 script/replication/reset_slave_replication.py");
        confirm(pi, true);

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_LabelsOnPrimary", "Task_LabelsOnReserve",
                "Task_MasterCheckOnPrimary", "Task_MasterCheckOnReserve", "Task_Assess", "Task_ShowStatus",
                "Task_ConfirmReset", "Task_RecheckNotMaster", "Task_ResetReplication", "Task_StartReplication",
                "CallActivity_CheckReplication", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(LABELS, CHECK_MASTER);
        assertThat(pt.commandsOn(RESERVE)).containsExactly(LABELS, CHECK_MASTER, SHOW, CHECK_MASTER, RESET, START, SHOW);
        assertThat(sim().node(RESERVE).replication()).isEqualTo(CompassSimulation.Replication.RUNNING);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
    }

    @Test
    void afterAPrimaryFailureTheScriptsRunOnThePrimary() {
        ProcessInstance pi = start(CompassSimulation.AFTER_PRIMARY_FAILURE, Map.of());
        confirm(pi, true);
        pt.fireTimers();
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(LABELS, CHECK_MASTER, SHOW, CHECK_MASTER, RESET, START, SHOW,
                SHOW, SHOW);
        assertThat(pt.commandsOn(RESERVE)).containsExactly(LABELS, CHECK_MASTER);
        assertThat(sim().node(PRIMARY).replication()).isEqualTo(CompassSimulation.Replication.RUNNING);
    }

    @Test
    void workingReplicationIsNothingToDo() {
        ProcessInstance pi = start(CompassSimulation.HEALTHY, Map.of());

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_NoErrors").isEnded();
        assertThat(pt.commandsOn(RESERVE)).containsExactly(LABELS, CHECK_MASTER, SHOW);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
    }

    @Test
    void emptyMasterLabelEscalates() {
        ProcessInstance pi = start(CompassSimulation.LABELS_INCONSISTENT, Map.of());

        pt.assertEscalatedAndFinish(pi, "labels wrong");
        assertThat(pt.commandsOn(RESERVE)).doesNotContain(SHOW, RESET);
    }

    @Test
    void twoMastersEscalate() {
        ProcessInstance pi = start(CompassSimulation.VIP_ON_BOTH, Map.of());

        pt.assertEscalatedAndFinish(pi, "not exactly one master");
    }

    @Test
    void notConfirmedChangesNothing() {
        ProcessInstance pi = start(CompassSimulation.REPLICATION_BROKEN, Map.of());
        confirm(pi, false);

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").isEnded();
        assertThat(pt.commandsOn(RESERVE)).doesNotContain(RESET, START);
    }

    @Test
    void aServerThatBecameActiveIsNotTouched() {
        ProcessInstance pi = start(CompassSimulation.REPLICATION_BROKEN, Map.of());
        pt.answer(RESERVE, CHECK_MASTER, 0, "Данный сервер является активным мастер сервером\n");
        confirm(pi, true);

        pt.assertEscalatedAndFinish(pi, "compass-reserve is now the active master server");
        assertThat(pt.commandsOn(RESERVE)).doesNotContain(RESET, START);
    }

    @Test
    void aFailedResetEscalates() {
        pt.answer(RESERVE, RESET, 1, "");
        ProcessInstance pi = start(CompassSimulation.REPLICATION_BROKEN, Map.of());
        confirm(pi, true);

        pt.assertEscalatedAndFinish(pi, "reset_slave_replication.py on compass-reserve failed");
        assertThat(pt.commandsOn(RESERVE)).doesNotContain(START);
    }

    @Test
    void aFailedStartEscalates() {
        pt.answer(RESERVE, START, 1, "");
        ProcessInstance pi = start(CompassSimulation.REPLICATION_BROKEN, Map.of());
        confirm(pi, true);

        pt.assertEscalatedAndFinish(pi, "start_slave_replication.py failed");
    }

    @Test
    void stillNotSyncedAfterTheRestartEscalates() {
        ProcessInstance pi = start(CompassSimulation.REPLICATION_BROKEN, Map.of("replicationMaxPolls", "1"));
        pt.answer(RESERVE, SHOW, 0, "Статус репликации для типа monolith:\nРепликация запущена, но отстаёт на 12 seconds\n");
        confirm(pi, true);

        pt.assertEscalatedAndFinish(pi, "was reset and started, but is not synced");
    }

    @Test
    void aFailingLabelsCommandEscalates() {
        pt.answer(PRIMARY, LABELS, 2, "");
        ProcessInstance pi = start(CompassSimulation.HEALTHY, Map.of());

        pt.assertEscalatedAndFinish(pi, "exited 2");
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_LabelsOnPrimaryFailed");
    }
}
