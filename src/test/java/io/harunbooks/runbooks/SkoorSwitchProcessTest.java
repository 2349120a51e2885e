package io.harunbooks.runbooks;

import io.harunbooks.lab.LabSystem;
import io.harunbooks.lab.skoor.SkoorSimulation;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.harunbooks.lab.skoor.SkoorSimulation.FORCED_SWITCH;
import static io.harunbooks.lab.skoor.SkoorSimulation.STATUS;
import static io.harunbooks.lab.skoor.SkoorSimulation.SWITCH;
import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code skoor-switch} (seed 003, «Changer» / «Basculement» / «Mode non interactif»). */
@Deployment(resources = {"bpmn/skoor-switch.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-skoor-switch.form", "forms/escalate-to-support.form"})
class SkoorSwitchProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(SkoorSwitchProcessTest::skoorLab, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    static LabSystem skoorLab(java.time.Clock clock) {
        return new LabSystem("skoor-lab", "skoor", new TreeMap<>(Map.of("skoor1", "127.0.10.21", "skoor2", "127.0.10.22")),
                Map.of("skoor1", List.of("primary"), "skoor2", List.of("standby")),
                new SkoorSimulation("skoor1", "skoor2", clock));
    }

    private SkoorSimulation sim() {
        return (SkoorSimulation) pt.simulation;
    }

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilConfirmation(String fault) {
        return pt.startUntil(fault, "skoor-switch", Map.of(), "Task_ConfirmSwitch");
    }

    /** Executes the next job of the process instance, which must be the given activity's. */
    static void runJobOf(ProcessTestEngine engine, ProcessInstance pi, String activityId) {
        Job job = engine.engine.getManagementService().createJobQuery().processInstanceId(pi.getId())
                .activityId(activityId).singleResult();
        assertThat(job).as("job of %s", activityId).isNotNull();
        engine.engine.getManagementService().executeJob(job.getId());
    }

    @Test
    void healthyPairSwitchesToTheStandbyAfterConfirmationWithoutThePrompt() {
        ProcessInstance pi = startUntilConfirmation(SkoorSimulation.HEALTHY);
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "currentStandby")).isEqualTo("skoor2");
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "currentStandbyStatus"))
                .isEqualTo(fixture("skoor/eranger-status/new-standby.txt"));
        assertThat((String) pt.engine.getRuntimeService().getVariable(pi.getId(), "switchPlan"))
                .contains("On skoor2 (current standby): /opt/eranger/bin/eranger-server-replication.pl -f switch");
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS);

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_FindPrimary", "Task_FindStandby",
                "Task_StatusOriginalPrimary", "Task_StatusOriginalStandby", "Task_ClassifyNodes", "Task_ConfirmSwitch",
                "Task_RecheckStandby", "Task_Switch", "Task_StatusNewPrimary", "Task_StatusNewStandby",
                "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skoor1")).containsExactly(STATUS, STATUS);
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS, STATUS, FORCED_SWITCH, STATUS);
        assertThat(pt.commandsOn("skoor2")).doesNotContain(SWITCH);
        assertThat(pt.historicVariable(pi, "switchOutcome")).isEqualTo("SWITCHED");
        assertThat(pt.historicVariable(pi, "newPrimaryRole")).isEqualTo("PRIMARY");
        assertThat(pt.historicVariable(pi, "newStandbyRole")).isEqualTo("STANDBY");
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
        assertThat(sim().state().primaries()).containsExactly("skoor2");
        assertThat(sim().state().vipHolder()).isEqualTo("skoor2");
        assertThat(sim().state().replicating()).as("6.2: createslave needed afterwards").isFalse();
        assertThat(pt.journal(pi.getId())).anySatisfy(e -> assertThat(e.command()).isEqualTo(FORCED_SWITCH));
    }

    @Test
    void notConfirmedIsCtrlCAndNothingChanges() {
        ProcessInstance pi = startUntilConfirmation(SkoorSimulation.HEALTHY);

        pt.completeAs("alice", pi, Map.of("confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").hasNotPassed("Task_Switch").isEnded();
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS);
        assertThat(sim().state().primaries()).containsExactly("skoor1");
    }

    @Test
    void unreachablePrimaryTheSwitchRunsOnTheStandbyAloneAndOnlyItIsChecked() {
        sim().inject(SkoorSimulation.PRIMARY_DOWN);
        pt.unreachable("skoor1");
        ProcessInstance pi = pt.start("skoor-switch", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("Task_MarkOriginalPrimaryUnavailable").isWaitingAt("Task_ConfirmSwitch");
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "primaryAvailable")).isEqualTo(false);
        assertThat((String) pt.engine.getRuntimeService().getVariable(pi.getId(), "switchPlan")).contains("NOT available");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_Switch", "Task_StatusNewPrimary", "EndEvent_Recovered")
                .hasNotPassed("Task_StatusNewStandby").isEnded();
        assertThat(pt.commandsOn("skoor1")).isEmpty();
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS, STATUS, FORCED_SWITCH, STATUS);
        assertThat(sim().node("skoor2").master()).isTrue();
        assertThat(sim().node("skoor1").master()).as("the old primary stays configured as primary").isTrue();
    }

    @Test
    void aPrimaryWhoseStatusFailsCountsAsNotAvailable() {
        ProcessInstance pi = startUntilConfirmation(SkoorSimulation.PRIMARY_DOWN);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_OriginalPrimaryUnavailable");
        assertThat((String) pt.engine.getRuntimeService().getVariable(pi.getId(), "currentPrimaryStatus"))
                .startsWith("not available: ").contains("exited 255");
        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Recovered").isEnded();
        assertThat(sim().node("skoor2").master()).isTrue();
    }

    @Test
    void standbyDownEscalatesWithoutSwitching() {
        sim().inject(SkoorSimulation.STANDBY_DOWN);
        ProcessInstance pi = pt.start("skoor-switch", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_MarkOriginalStandbyUnavailable").hasNotPassed("Task_ConfirmSwitch");
        pt.assertEscalatedAndFinish(pi, "Cannot switch: skoor1 is PRIMARY and skoor2 is UNAVAILABLE");
        assertThat(pt.commandsOn("skoor1")).containsExactly(STATUS);
    }

    @Test
    void replicationStoppedOnTheStandbyEscalates() {
        sim().inject(SkoorSimulation.REPLICATION_BROKEN);
        ProcessInstance pi = pt.start("skoor-switch", Map.of());
        pt.executeJobs();

        pt.assertEscalatedAndFinish(pi, "postgresql replication is stopped on the standby skoor2");
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS);
        assertThat(sim().state().primaries()).containsExactly("skoor1");
    }

    @Test
    void twoPrimariesEscalate() {
        sim().inject(SkoorSimulation.OLD_PRIMARY_BROKEN);
        ProcessInstance pi = pt.start("skoor-switch", Map.of());
        pt.executeJobs();

        pt.assertEscalatedAndFinish(pi, "Cannot switch: skoor1 is PRIMARY and skoor2 is PRIMARY");
        assertThat(pt.commandsOn("skoor1")).containsExactly(STATUS);
        assertThat(pt.commandsOn("skoor2")).containsExactly(STATUS);
    }

    @Test
    void standbyChangedWhileWaitingForTheConfirmationEscalatesWithoutSwitching() {
        ProcessInstance pi = startUntilConfirmation(SkoorSimulation.HEALTHY);
        pt.answer("skoor2", STATUS, 0, fixture("skoor/eranger-status/new-primary.txt"));

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeStandbyChanged").hasNotPassed("Task_Switch");
        pt.assertEscalatedAndFinish(pi, "skoor2 is no longer a replicating standby (PRIMARY");
        assertThat(sim().state().primaries()).containsExactly("skoor1");
    }

    @Test
    void failingRecheckEscalates() {
        ProcessInstance pi = startUntilConfirmation(SkoorSimulation.HEALTHY);
        pt.answer("skoor2", STATUS, 1, "");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_RecheckFailed").hasNotPassed("Task_Switch");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void switchCommandFailingEscalates() {
        ProcessInstance pi = startUntilConfirmation(SkoorSimulation.HEALTHY);
        pt.answer("skoor2", FORCED_SWITCH, 1, "10.1.0.89 checking ssh for user reranger\nERROR: cannot ssh to 10.1.0.88\n");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_SwitchFailed").hasNotPassed("Task_StatusNewPrimary");
        pt.assertEscalatedAndFinish(pi, "-f switch» exited 1");
    }

    @Test
    void switchThatDidNotRunThroughEscalates() {
        ProcessInstance pi = startUntilConfirmation(SkoorSimulation.HEALTHY);
        pt.answer("skoor2", FORCED_SWITCH, 0, fixture("skoor/eranger-server-replication/switch-prompt.txt"));

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeSwitchFailed").hasNotPassed("Task_StatusNewPrimary");
        pt.assertEscalatedAndFinish(pi, "did not switch (WAITING_FOR_ENTER)");
    }

    @Test
    void newStandbyNotShowingPostgresqlSlaveEscalates() {
        ProcessInstance pi = startUntilConfirmation(SkoorSimulation.HEALTHY);
        pt.answer("skoor1", STATUS, 0, fixture("skoor/eranger-status/new-primary.txt"));

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_StatusNewStandby", "Task_DescribeNotVerified");
        pt.assertEscalatedAndFinish(pi, "skoor1 should show 'stopped (postgresql slave)' and is PRIMARY");
    }

    @Test
    void newPrimaryStatusFailingEscalates() {
        ProcessInstance pi = startUntilConfirmation(SkoorSimulation.HEALTHY);
        pt.completeAs("alice", pi, Map.of("confirmed", true));
        runJobOf(pt, pi, "Task_RecheckStandby");
        runJobOf(pt, pi, "Task_Switch");
        pt.answer("skoor2", STATUS, 1, "");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_NewPrimaryCheckFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
        assertThat(sim().state().primaries()).containsExactly("skoor2");
    }

    @Test
    void newStandbyStatusFailingEscalates() {
        ProcessInstance pi = startUntilConfirmation(SkoorSimulation.HEALTHY);
        pt.answer("skoor1", STATUS, 1, "");
        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_NewStandbyCheckFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void newPrimaryNotStartedEscalates() {
        sim().inject(SkoorSimulation.PRIMARY_DOWN);
        ProcessInstance pi = pt.start("skoor-switch", Map.of());
        pt.executeJobs();
        pt.completeAs("alice", pi, Map.of("confirmed", true));
        runJobOf(pt, pi, "Task_RecheckStandby");
        runJobOf(pt, pi, "Task_Switch");
        pt.answer("skoor2", STATUS, 0, fixture("skoor/eranger-status/new-standby.txt"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotVerified").hasNotPassed("Task_StatusNewStandby");
        pt.assertEscalatedAndFinish(pi, "skoor2 should be primary and is STANDBY");
    }
}
