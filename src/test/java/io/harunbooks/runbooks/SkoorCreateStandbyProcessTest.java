package io.harunbooks.runbooks;

import io.harunbooks.lab.skoor.SkoorSimulation;
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

import static io.harunbooks.lab.skoor.SkoorSimulation.CREATE_SLAVE;
import static io.harunbooks.lab.skoor.SkoorSimulation.STATUS;
import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code skoor-create-standby} (seed 003, «Activer la réplication entre le nouveau et l'ancien primaire»). */
@Deployment(resources = {"bpmn/skoor-create-standby.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/decide-create-standby.form", "forms/escalate-to-support.form"})
class SkoorCreateStandbyProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(SkoorSwitchProcessTest::skoorLab, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    private SkoorSimulation sim() {
        return (SkoorSimulation) pt.simulation;
    }

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance start(String fault) {
        sim().inject(fault);
        ProcessInstance pi = pt.start("skoor-create-standby", Map.of());
        pt.executeJobs();
        return pi;
    }

    private ProcessInstance startUntilDecision() {
        ProcessInstance pi = start(SkoorSimulation.SWITCHED);
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_DecideCreateStandby");
        return pi;
    }

    @Test
    void returnPlannedCreateslaveOnTheNewPrimaryMakesTheOldPrimaryTheStandby() {
        ProcessInstance pi = startUntilDecision();
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "currentPrimary")).isEqualTo("skoor2");
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "oldPrimary")).isEqualTo("skoor1");
        assertThat((String) pt.engine.getRuntimeService().getVariable(pi.getId(), "createPlan"))
                .startsWith("On skoor2 (current primary): /opt/eranger/bin/eranger-server-replication.pl createslave");

        pt.completeAs("alice", pi, Map.of("returnPlanned", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_StatusOriginalPrimary", "Task_StatusOriginalStandby",
                "Task_ClassifyNodes", "Task_DecideCreateStandby", "Task_RecheckOldPrimary", "Task_CreateSlave",
                "Task_StatusNewStandby",
                "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skoor1")).containsExactly(STATUS, STATUS, STATUS);
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS, CREATE_SLAVE);
        assertThat(pt.historicVariable(pi, "createSlaveOutcome")).isEqualTo("SLAVE_CREATED");
        assertThat(pt.historicVariable(pi, "newStandbyRole")).isEqualTo("STANDBY");
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
        assertThat(sim().state().replicating()).isTrue();
        assertThat(sim().state().primaries()).containsExactly("skoor2");
    }

    @Test
    void noReturnPlannedNothingChanges() {
        ProcessInstance pi = startUntilDecision();

        pt.completeAs("alice", pi, Map.of("returnPlanned", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_NoReturnPlanned").hasNotPassed("Task_CreateSlave").isEnded();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS);
        assertThat(sim().state().replicating()).isFalse();
    }

    @Test
    void oldPrimaryNotAvailableNothingToDo() {
        pt.unreachable("skoor1");
        ProcessInstance pi = start(SkoorSimulation.SWITCHED);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_MarkOriginalPrimaryUnavailable", "EndEvent_OldPrimaryUnavailable")
                .hasNotPassed("Task_DecideCreateStandby").isEnded();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS);
    }

    @Test
    void twoPrimariesEscalateToTheFailback() {
        ProcessInstance pi = start(SkoorSimulation.OLD_PRIMARY_BROKEN);

        pt.assertEscalatedAndFinish(pi, "Both nodes are primary (skoor1, skoor2)");
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS);
    }

    @Test
    void noPrimaryEscalates() {
        ProcessInstance pi = start(SkoorSimulation.PRIMARY_DOWN);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_MarkOriginalPrimaryUnavailable");
        pt.assertEscalatedAndFinish(pi, "No node is primary (skoor1 is UNAVAILABLE, skoor2 is STANDBY)");
    }

    @Test
    void oldPrimaryInAnUnexpectedStateEscalates() {
        pt.answer("skoor1", STATUS, 0, fixture("skoor/eranger-status/new-standby.txt")
                .replace("Status eRanger Server:          stopped (postgresql slave)", "Status eRanger Server:          started"));
        ProcessInstance pi = start(SkoorSimulation.SWITCHED);

        pt.assertEscalatedAndFinish(pi, "The old primary skoor1 is BROKEN");
    }

    @Test
    void originalStandbyNotAvailableIsReportedToo() {
        pt.unreachable("skoor2");
        ProcessInstance pi = start(SkoorSimulation.HEALTHY);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_MarkOriginalStandbyUnavailable", "EndEvent_OldPrimaryUnavailable");
        assertThat(pt.commandsOn("skoor1")).containsExactly(STATUS);
    }

    @Test
    void createslaveRefusedEscalates() {
        ProcessInstance pi = startUntilDecision();
        pt.answer("skoor2", CREATE_SLAVE, 1,
                fixture("skoor/eranger-server-replication/sim-createslave-services-running.txt"));

        pt.completeAs("alice", pi, Map.of("returnPlanned", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_CreateSlaveFailed").hasNotPassed("Task_StatusNewStandby");
        pt.assertEscalatedAndFinish(pi, "createslave» exited 1");
    }

    @Test
    void createslaveWithoutCopyEscalates() {
        ProcessInstance pi = startUntilDecision();
        pt.answer("skoor2", CREATE_SLAVE, 0, "10.1.0.89 \n10.1.0.89 checking ssh for user reranger\n");

        pt.completeAs("alice", pi, Map.of("returnPlanned", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeCreateSlaveFailed");
        pt.assertEscalatedAndFinish(pi, "did not create the slave (UNKNOWN)");
    }

    @Test
    void newStandbyNotReplicatingEscalates() {
        ProcessInstance pi = startUntilDecision();
        pt.answer("skoor1", STATUS, 0, fixture("skoor/eranger-status/sim-standby-replication-stopped.txt"));

        pt.completeAs("alice", pi, Map.of("returnPlanned", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_StatusNewStandby", "Task_DescribeNotVerified");
        pt.assertEscalatedAndFinish(pi, "skoor1 is STANDBY (postgresql replication started: false)");
    }

    @Test
    void oldPrimaryChangedWhileWaitingForTheDecisionEscalatesWithoutCreateslave() {
        ProcessInstance pi = startUntilDecision();
        pt.answer("skoor1", STATUS, 0, fixture("skoor/eranger-status/sim-old-primary-still-primary.txt"));

        pt.completeAs("alice", pi, Map.of("returnPlanned", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeOldPrimaryChanged").hasNotPassed("Task_CreateSlave");
        pt.assertEscalatedAndFinish(pi, "Right before createslave the old primary skoor1 is PRIMARY (it was STANDBY)");
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS);
    }

    @Test
    void failingRecheckEscalates() {
        ProcessInstance pi = startUntilDecision();
        pt.answer("skoor1", STATUS, 1, "");

        pt.completeAs("alice", pi, Map.of("returnPlanned", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_RecheckFailed").hasNotPassed("Task_CreateSlave");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void newStandbyStatusFailingEscalates() {
        ProcessInstance pi = startUntilDecision();
        pt.completeAs("alice", pi, Map.of("returnPlanned", true));
        SkoorSwitchProcessTest.runJobOf(pt, pi, "Task_RecheckOldPrimary");
        SkoorSwitchProcessTest.runJobOf(pt, pi, "Task_CreateSlave");
        pt.answer("skoor1", STATUS, 1, "");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_NewStandbyCheckFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
        assertThat(sim().state().replicating()).isTrue();
    }
}
