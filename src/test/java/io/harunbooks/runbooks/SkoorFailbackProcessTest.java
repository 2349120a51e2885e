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
import static io.harunbooks.lab.skoor.SkoorSimulation.FORCED_SWITCH;
import static io.harunbooks.lab.skoor.SkoorSimulation.STATUS;
import static io.harunbooks.lab.skoor.SkoorSimulation.STOP_COLLECTOR;
import static io.harunbooks.lab.skoor.SkoorSimulation.STOP_SCHEDULER;
import static io.harunbooks.lab.skoor.SkoorSimulation.STOP_SERVER;
import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code skoor-failback} (seed 003, «Revenir en arrière»), with skoor-switch as its call activity. */
@Deployment(resources = {"bpmn/skoor-failback.bpmn", "bpmn/skoor-switch.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-skoor-failback.form", "forms/confirm-skoor-switch.form", "forms/escalate-to-support.form"})
class SkoorFailbackProcessTest {

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
        ProcessInstance pi = pt.start("skoor-failback", Map.of());
        pt.executeJobs();
        return pi;
    }

    private ProcessInstance startAndConfirm(String fault) {
        ProcessInstance pi = start(fault);
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmFailback");
        pt.confirm(pi);
        return pi;
    }

    private ProcessInstance switchRun(ProcessInstance pi) {
        ProcessInstance sub = pt.engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();
        assertThat(sub).as("skoor-switch called").isNotNull();
        assertThat(sub.getProcessDefinitionId()).startsWith("skoor-switch:");
        return sub;
    }

    @Test
    void oldPrimaryBackStillPrimaryIsStoppedMadeStandbyAndSwitchedBackTo() {
        ProcessInstance pi = start(SkoorSimulation.OLD_PRIMARY_BROKEN);
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmFailback");
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "plan")).isEqualTo("stop-first");
        assertThat((String) pt.engine.getRuntimeService().getVariable(pi.getId(), "failbackPlan"))
                .contains("service eranger-server stop\n  service eranger-collector stop\n  service eranger-scheduler stop");
        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).isWaitingAt("CallActivity_SwitchBack");
        ProcessInstance sw = switchRun(pi);
        BpmnAwareTests.assertThat(sw).isWaitingAt("Task_ConfirmSwitch");
        assertThat(pt.engine.getRuntimeService().getVariable(sw.getId(), "currentStandby")).isEqualTo("skoor1");
        pt.completeAs("bob", sw, Map.of("confirmed", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ClassifyNodes", "Task_ConfirmFailback", "Task_StopServer",
                "Task_StopCollector", "Task_StopScheduler", "Task_RecheckOldPrimary", "Task_CreateSlave",
                "Task_StatusOldPrimaryAsStandby", "CallActivity_SwitchBack", "EndEvent_Recovered").isEnded();
        BpmnAwareTests.assertThat(sw).hasPassed("Task_Switch", "Task_StatusNewStandby", "EndEvent_Recovered");
        assertThat(pt.commandsOn("skoor1")).containsExactly(STATUS, STOP_SERVER, STOP_COLLECTOR, STOP_SCHEDULER,
                STATUS, STATUS, STATUS, STATUS, FORCED_SWITCH, STATUS);
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS, CREATE_SLAVE, STATUS, STATUS);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
        assertThat(sim().state().primaries()).containsExactly("skoor1");
        assertThat(sim().state().vipHolder()).isEqualTo("skoor1");
        assertThat(sim().state().replicating()).isTrue();
        assertThat(sim().node("skoor2").master()).isFalse();
    }

    @Test
    void oldPrimaryAlreadyStandbyIsNotStoppedCreateslaveThenSwitch() {
        ProcessInstance pi = startAndConfirm(SkoorSimulation.SWITCHED);
        pt.completeAs("bob", switchRun(pi), Map.of("confirmed", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_CreateSlave", "EndEvent_Recovered")
                .hasNotPassed("Task_StopServer").isEnded();
        assertThat(pt.commandsOn("skoor1")).containsExactly(STATUS, STATUS, STATUS, STATUS, STATUS, FORCED_SWITCH, STATUS);
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS, CREATE_SLAVE, STATUS, STATUS);
        assertThat(sim().state().primaries()).containsExactly("skoor1");
    }

    @Test
    void alreadyOnTheOriginalPrimaryNothingToDo() {
        ProcessInstance pi = start(SkoorSimulation.HEALTHY);

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_AlreadyOnOriginalPrimary").isEnded();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
        assertThat(pt.commandsOn("skoor1")).containsExactly(STATUS);
    }

    @Test
    void originalPrimaryNotAvailableEscalates() {
        ProcessInstance pi = start(SkoorSimulation.PRIMARY_DOWN);

        pt.assertEscalatedAndFinish(pi, "The original primary skoor1 is not available");
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS);
    }

    @Test
    void rolesTheFailbackCannotHandleEscalate() {
        pt.answer("skoor1", STATUS, 0, fixture("skoor/eranger-status/sim-old-primary-services-stopped.txt"));
        ProcessInstance pi = start(SkoorSimulation.HEALTHY);

        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS);
        pt.assertEscalatedAndFinish(pi, "Cannot return to the original primary: skoor1 is STOPPED and skoor2 is STANDBY");
    }

    @Test
    void notConfirmedNothingChanges() {
        ProcessInstance pi = start(SkoorSimulation.OLD_PRIMARY_BROKEN);
        pt.completeAs("alice", pi, Map.of("confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").hasNotPassed("Task_StopServer").isEnded();
        assertThat(pt.commandsOn("skoor1")).containsExactly(STATUS);
        assertThat(sim().state().primaries()).containsExactly("skoor1", "skoor2");
    }

    @Test
    void servicesStillRunningAfterTheStopsEscalateWithoutCreateslave() {
        pt.answer("skoor1", STOP_SERVER, 0, "");
        ProcessInstance pi = startAndConfirm(SkoorSimulation.OLD_PRIMARY_BROKEN);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeStillRunning").hasNotPassed("Task_CreateSlave");
        pt.assertEscalatedAndFinish(pi, "The old primary skoor1 is BROKEN right before createslave");
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS);
    }

    @Test
    void aFailingStopEscalates() {
        pt.answer("skoor1", STOP_COLLECTOR, 1, "");
        ProcessInstance pi = startAndConfirm(SkoorSimulation.OLD_PRIMARY_BROKEN);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_StopCollectorFailed").hasNotPassed("Task_StopScheduler");
        pt.assertEscalatedAndFinish(pi, "service eranger-collector stop» exited 1");
    }

    @Test
    void aFailingRecheckEscalates() {
        pt.answer("skoor1", STOP_SCHEDULER, 0, "");
        ProcessInstance pi = start(SkoorSimulation.SWITCHED);
        pt.answer("skoor1", STATUS, 1, "");
        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_RecheckFailed").hasNotPassed("Task_CreateSlave");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void createslaveFailingEscalates() {
        pt.answer("skoor2", CREATE_SLAVE, 1, fixture("skoor/eranger-server-replication/sim-createslave-services-running.txt"));
        ProcessInstance pi = startAndConfirm(SkoorSimulation.SWITCHED);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_CreateSlaveFailed").hasNotPassed("CallActivity_SwitchBack");
        pt.assertEscalatedAndFinish(pi, "createslave» exited 1");
    }

    @Test
    void createslaveWithoutCopyEscalates() {
        pt.answer("skoor2", CREATE_SLAVE, 0, "10.1.0.89 checking ssh for user reranger\n");
        ProcessInstance pi = startAndConfirm(SkoorSimulation.SWITCHED);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeCreateSlaveFailed");
        pt.assertEscalatedAndFinish(pi, "did not create the slave (UNKNOWN)");
    }

    @Test
    void oldPrimaryNotReplicatingAfterCreateslaveEscalatesWithoutSwitching() {
        ProcessInstance pi = start(SkoorSimulation.SWITCHED);
        pt.completeAs("alice", pi, Map.of("confirmed", true));
        SkoorSwitchProcessTest.runJobOf(pt, pi, "Task_RecheckOldPrimary");
        SkoorSwitchProcessTest.runJobOf(pt, pi, "Task_CreateSlave");
        pt.answer("skoor1", STATUS, 0, fixture("skoor/eranger-status/sim-standby-replication-stopped.txt"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeStandbyNotReady").hasNotPassed("CallActivity_SwitchBack");
        pt.assertEscalatedAndFinish(pi, "(postgresql replication started: false)");
    }

    @Test
    void standbyCheckFailingEscalates() {
        ProcessInstance pi = start(SkoorSimulation.SWITCHED);
        pt.completeAs("alice", pi, Map.of("confirmed", true));
        SkoorSwitchProcessTest.runJobOf(pt, pi, "Task_RecheckOldPrimary");
        SkoorSwitchProcessTest.runJobOf(pt, pi, "Task_CreateSlave");
        pt.answer("skoor1", STATUS, 1, "");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_StandbyCheckFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void switchCancelledLeavesTheOldPrimaryAsStandby() {
        ProcessInstance pi = startAndConfirm(SkoorSimulation.SWITCHED);
        pt.completeAs("bob", switchRun(pi), Map.of("confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_SwitchCancelled").isEnded();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("cancelled");
        assertThat(sim().state().primaries()).containsExactly("skoor2");
        assertThat(sim().state().replicating()).isTrue();
    }

    @Test
    void switchEscalatedInsideSkoorSwitchEndsEscalated() {
        pt.answer("skoor1", FORCED_SWITCH, 1, "10.1.0.88 checking ssh for user reranger\nERROR: switch failed\n");
        ProcessInstance pi = startAndConfirm(SkoorSimulation.SWITCHED);
        ProcessInstance sw = switchRun(pi);
        pt.completeAs("bob", sw, Map.of("confirmed", true));
        pt.executeJobs();

        pt.assertEscalatedAndFinish(sw, "-f switch» exited 1");
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_SwitchEscalated").isEnded();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("escalated");
    }
}
