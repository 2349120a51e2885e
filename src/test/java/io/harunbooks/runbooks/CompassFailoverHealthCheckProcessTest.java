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

import static io.harunbooks.runbooks.CompassCommands.LABELS;
import static io.harunbooks.runbooks.CompassCommands.LSYNCD_STATUS;
import static io.harunbooks.runbooks.CompassCommands.PRIMARY;
import static io.harunbooks.runbooks.CompassCommands.RESERVE;
import static io.harunbooks.runbooks.CompassCommands.SHOW;
import static io.harunbooks.runbooks.CompassCommands.VIP_ADDR;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code compass-failover-health-check} (seed 000, «Доступные проверки отказоустойчивости»). */
@Deployment(resources = {"bpmn/compass-failover-health-check.bpmn", "bpmn/compass-replication-check.bpmn",
        "bpmn/escalate-to-support.bpmn", "forms/escalate-to-support.form"})
class CompassFailoverHealthCheckProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(
            clock -> CompassSimulation.labSystem(clock, CompassCommands.SETTLE), List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance check(String fault) {
        pt.simulation.inject(fault);
        ProcessInstance pi = pt.start("compass-failover-health-check", Map.of("replicationMaxPolls", "1"));
        pt.executeJobs();
        return pi;
    }

    @Test
    void healthyPairPassesEveryCheckAndChangesNothing() {
        ProcessInstance pi = check(CompassSimulation.HEALTHY);

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_VipOnPrimary", "Task_VipOnReserve", "Task_LsyncdOnPrimary",
                "Task_LsyncdOnReserve", "Task_LabelsOnPrimary", "Task_LabelsOnReserve", "Task_ChooseInactive",
                "CallActivity_CheckReplication", "Task_Classify", "EndEvent_Healthy").isEnded();
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(VIP_ADDR, LSYNCD_STATUS, LABELS);
        assertThat(pt.commandsOn(RESERVE)).containsExactly(VIP_ADDR, LSYNCD_STATUS, LABELS, SHOW);
        assertThat(pt.historicVariable(pi, "healthy")).isEqualTo(true);
        assertThat(pt.historicVariable(pi, "inactiveHost")).isEqualTo(RESERVE);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
        assertThat(((CompassSimulation.State) pt.simulation.state()).vipHolders()).containsExactly(PRIMARY);
    }

    @Test
    void afterASwitchTheReserveIsTheActiveOneAndThePrimaryReplicates() {
        pt.simulation.execute(PRIMARY, CompassSimulation.RESTART_KEEPALIVED, () -> "");
        pt.simulation.execute(PRIMARY, CompassCommands.START, () -> "");
        ProcessInstance pi = pt.start("compass-failover-health-check", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Healthy").isEnded();
        assertThat(pt.historicVariable(pi, "activeHost")).isEqualTo(RESERVE);
        assertThat(pt.historicVariable(pi, "inactiveHost")).isEqualTo(PRIMARY);
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(VIP_ADDR, LSYNCD_STATUS, LABELS, SHOW);
    }

    @Test
    void vipOnBothServersEscalatesWithoutAReplicationCheck() {
        ProcessInstance pi = check(CompassSimulation.VIP_ON_BOTH);

        pt.assertEscalatedAndFinish(pi, "the VIP 10.32.88.100 is on both servers");
        BpmnAwareTests.assertThat(pi).hasPassed("Task_Classify").hasNotPassed("CallActivity_CheckReplication");
        assertThat(pt.commandsOn(RESERVE)).doesNotContain(SHOW);
    }

    @Test
    void vipOnNeitherServerEscalates() {
        pt.assertEscalatedAndFinish(check(CompassSimulation.VIP_ON_NONE), "is on neither server");
    }

    @Test
    void lsyncdOnBothEscalates() {
        pt.assertEscalatedAndFinish(check(CompassSimulation.LSYNCD_ON_BOTH), "lsyncd runs on the inactive reserve");
    }

    @Test
    void emptyMasterLabelEscalates() {
        pt.assertEscalatedAndFinish(check(CompassSimulation.LABELS_INCONSISTENT), "master_service_label is empty");
    }

    @Test
    void brokenReplicationEscalates() {
        pt.assertEscalatedAndFinish(check(CompassSimulation.REPLICATION_BROKEN),
                "replication on the inactive server is not synced");
    }

    @Test
    void laggingReplicationAfterTheLastCheckEscalates() {
        pt.assertEscalatedAndFinish(check(CompassSimulation.REPLICATION_LAGGING), "not synced");
    }

    @Test
    void anUnreachablePrimaryEscalates() {
        pt.unreachable(PRIMARY);
        ProcessInstance pi = check(CompassSimulation.PRIMARY_DOWN);

        pt.assertEscalatedAndFinish(pi, "compass-primary");
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_VipOnPrimaryFailed");
        assertThat(pt.commandsOn(RESERVE)).isEmpty();
    }

    @Test
    void aFailingLabelsCommandEscalates() {
        pt.answer(RESERVE, LABELS, 2, "");
        ProcessInstance pi = check(CompassSimulation.HEALTHY);

        pt.assertEscalatedAndFinish(pi, "exited 2");
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_LabelsOnReserveFailed");
    }
}
