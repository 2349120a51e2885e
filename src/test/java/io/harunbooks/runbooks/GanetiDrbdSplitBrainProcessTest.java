package io.harunbooks.runbooks;

import io.harunbooks.lab.ganeti.GanetiSimulation;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.harunbooks.lab.ganeti.GanetiSimulation.DMESG;
import static io.harunbooks.lab.ganeti.GanetiSimulation.GETMASTER;
import static io.harunbooks.lab.ganeti.GanetiSimulation.INSTANCE_LIST;
import static io.harunbooks.lab.ganeti.GanetiSimulation.PROC_DRBD;
import static io.harunbooks.runbooks.GanetiLab.GNT1;
import static io.harunbooks.runbooks.GanetiLab.GNT2;
import static io.harunbooks.runbooks.GanetiLab.sim;
import static io.harunbooks.runbooks.GanetiLab.var;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code ganeti-drbd-split-brain} (seed 002, «Восстановление при split-brain»), and its Java guard. */
@Deployment(resources = {"bpmn/ganeti-drbd-split-brain.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/establish-drbd-current-data.form", "forms/confirm-drbd-discard.form", "forms/escalate-to-support.form"})
class GanetiDrbdSplitBrainProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(GanetiLab::cluster, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilEstablish() {
        return pt.startUntil(GanetiSimulation.DRBD_SPLIT_BRAIN, "ganeti-drbd-split-brain", Map.of(), "Task_EstablishCurrentData");
    }

    private ProcessInstance startUntilConfirmDiscard(String currentData) {
        ProcessInstance pi = startUntilEstablish();
        pt.completeAs("alice", pi, Map.of("currentDataNode", currentData, "decisionComment", "last writes on " + currentData));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmDiscard");
        return pi;
    }

    @Test
    void dataOfTheOtherNodeIsInvalidatedDisksActivatedOnTheMasterAndSynced() {
        ProcessInstance pi = startUntilEstablish();
        assertThat(var(pt, pi, "affectedMinors")).isEqualTo("21,22");
        assertThat((String) var(pt, pi, "firstSplitLines")).isEqualTo(
                "[10893282.080754] block drbd21: Split-Brain detected but unresolved, dropping connection!\n"
                        + "[10893282.713157] block drbd22: Split-Brain detected but unresolved, dropping connection!");
        assertThat((String) var(pt, pi, "firstDrbd")).contains("21: cs:StandAlone");

        pt.completeAs("alice", pi, Map.of("currentDataNode", GNT1));
        pt.executeJobs();
        assertThat(var(pt, pi, "victimNode")).isEqualTo(GNT2);
        assertThat((String) var(pt, pi, "plannedCommands")).startsWith("On gnt2: drbdsetup /dev/drbd21 invalidate\n"
                + "On gnt2: drbdsetup /dev/drbd22 invalidate\nOn gnt1: gnt-instance activate-disks web1\n");
        pt.completeAs("bob", pi, Map.of("confirmedDiscardNode", GNT2, "confirmed", true));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_SyncPoll");
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_DmesgFirst", "Task_DmesgSecond", "Task_DrbdFirst",
                "Task_DrbdSecond", "Task_ListInstances", "Task_AffectedMinors", "Task_EstablishCurrentData",
                "Task_PlanDiscard", "Task_ConfirmDiscard", "Task_RecheckVictim", "Task_Invalidate", "Task_Invalidate",
                "Task_ActivateDisks", "Task_CheckSync", "Timer_SyncPoll", "Task_CheckSync", "EndEvent_Recovered")
                .isEnded();
        // the drbdadm task reads the state of the target and its peer before each invalidate (its guard)
        assertThat(pt.commandsOn(GNT2)).containsExactly(DMESG, PROC_DRBD, PROC_DRBD,
                PROC_DRBD, "drbdsetup /dev/drbd21 invalidate", PROC_DRBD, "drbdsetup /dev/drbd22 invalidate");
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, DMESG, PROC_DRBD, INSTANCE_LIST, PROC_DRBD, PROC_DRBD,
                "gnt-instance activate-disks web1", "gnt-instance activate-disks mail1", "gnt-instance activate-disks db1",
                PROC_DRBD, PROC_DRBD);
        assertThat(pt.commandsOn(GNT1)).noneMatch(c -> c.startsWith("drbdsetup"));
        assertThat(sim(pt).state().minors()).allSatisfy(m -> assertThat(m.connection()).isEqualTo("Connected"));
        assertThat(sim(pt).state().minors()).filteredOn(m -> m.minor() != 23)
                .allSatisfy(m -> assertThat(m.discardedOn()).isEqualTo(GNT2));
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
    }

    @Test
    void currentDataOnGnt2ThrowsAwayGnt1sCopy() {
        ProcessInstance pi = startUntilConfirmDiscard(GNT2);
        pt.completeAs("bob", pi, Map.of("confirmedDiscardNode", GNT1, "confirmed", true));
        pt.executeJobs();
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn(GNT1)).contains("drbdsetup /dev/drbd21 invalidate", "drbdsetup /dev/drbd22 invalidate");
        assertThat(pt.commandsOn(GNT2)).noneMatch(c -> c.startsWith("drbdsetup"));
        assertThat(sim(pt).state().minors()).filteredOn(m -> m.minor() != 23)
                .allSatisfy(m -> assertThat(m.discardedOn()).isEqualTo(GNT1));
    }

    @Test
    void theJavaGuardRefusesTheNodeChosenAsHoldingTheCurrentData() {
        ProcessInstance pi = startUntilConfirmDiscard(GNT1);
        pt.completeAs("bob", pi, Map.of("confirmedDiscardNode", GNT2, "confirmed", true));
        // the model is bypassed: someone changed the choice after the confirmation
        pt.engine.getRuntimeService().setVariable(pi.getId(), "currentDataNode", GNT2);
        pt.executeJobs();

        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getActivityId()).isEqualTo("Task_Invalidate");
        assertThat(incident.getIncidentMessage()).contains("the node a person chose as holding the current data");
        assertThat(pt.commandsOn(GNT2)).noneMatch(c -> c.startsWith("drbdsetup"));
        assertThat(sim(pt).state().minors()).allSatisfy(m -> assertThat(m.discardedOn()).isNull());
    }

    @Test
    void fourEyesTheStarterCannotConfirmTheDiscard() {
        sim(pt).inject(GanetiSimulation.DRBD_SPLIT_BRAIN);
        ProcessInstance pi = pt.start("ganeti-drbd-split-brain", Map.of("startedBy", "bob"));
        pt.executeJobs();
        pt.completeAs("alice", pi, Map.of("currentDataNode", GNT1));
        pt.executeJobs();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pt.completeAs("bob", pi,
                        Map.of("confirmedDiscardNode", GNT2, "confirmed", true)))
                .hasMessageContaining("Four-eyes: bob started this run");
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmDiscard");
        pt.completeAs("carol", pi, Map.of("confirmedDiscardNode", GNT2, "confirmed", true));
        pt.executeJobs();
        pt.fireTimers();
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Recovered");
    }

    @Test
    void confirmationNamingTheOtherNodeChangesNothing() {
        ProcessInstance pi = startUntilConfirmDiscard(GNT1);
        pt.completeAs("bob", pi, Map.of("confirmedDiscardNode", GNT1, "confirmed", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeMismatch").hasNotPassed("Task_Invalidate");
        pt.assertEscalatedAndFinish(pi, "The confirmation named gnt1 as the node whose data is thrown away");
    }

    @Test
    void notConfirmedChangesNothing() {
        ProcessInstance pi = startUntilConfirmDiscard(GNT1);
        pt.completeAs("bob", pi, Map.of("confirmedDiscardNode", GNT2, "confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").isEnded();
        assertThat(pt.commandsOn(GNT2)).noneMatch(c -> c.startsWith("drbdsetup"));
    }

    @Test
    void aNameThatIsNoNodeEscalates() {
        ProcessInstance pi = startUntilEstablish();
        pt.completeAs("alice", pi, Map.of("currentDataNode", "gnt3"));
        pt.executeJobs();

        pt.assertEscalatedAndFinish(pi, "gnt3, is not one of [gnt1, gnt2]");
    }

    @Test
    void noSplitBrainInTheKernelLogIsNothingToDo() {
        ProcessInstance pi = pt.start("ganeti-drbd-split-brain", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_NothingToDo").isEnded();
    }

    @Test
    void resourcesReconnectedWhileWaitingStopBeforeTheInvalidate() {
        ProcessInstance pi = startUntilConfirmDiscard(GNT1);
        pt.answer(GNT2, PROC_DRBD, 0, "version: 8.3.11 (api:88/proto:86-96)\n"
                + "21: cs:Connected ro:Secondary/Primary ds:UpToDate/UpToDate C r-----\n");
        pt.completeAs("bob", pi, Map.of("confirmedDiscardNode", GNT2, "confirmed", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNoLongerSplit").hasNotPassed("Task_Invalidate");
        pt.assertEscalatedAndFinish(pi, "no DRBD resource on gnt2 is StandAlone any more");
    }

    @Test
    void failingStepsEscalate() {
        for (String[] failing : new String[][] {{GNT2, "drbdsetup /dev/drbd22 invalidate", "BoundaryEvent_InvalidateFailed"},
                {GNT1, "gnt-instance activate-disks mail1", "BoundaryEvent_ActivateFailed"},
                {GNT2, PROC_DRBD, "BoundaryEvent_RecheckFailed"}}) {
            pt.reset();
            ProcessInstance pi = startUntilConfirmDiscard(GNT1);
            pt.answer(failing[0], failing[1], 1, "");
            pt.completeAs("bob", pi, Map.of("confirmedDiscardNode", GNT2, "confirmed", true));
            pt.executeJobs();

            BpmnAwareTests.assertThat(pi).hasPassed(failing[2]);
            pt.assertEscalatedAndFinish(pi, failing[1]);
        }
        for (String[] failing : new String[][] {{GNT1, GETMASTER, "BoundaryEvent_GetMasterFailed"},
                {GNT1, DMESG, "BoundaryEvent_DmesgFirstFailed"}, {GNT2, DMESG, "BoundaryEvent_DmesgSecondFailed"},
                {GNT1, PROC_DRBD, "BoundaryEvent_DrbdFirstFailed"}, {GNT2, PROC_DRBD, "BoundaryEvent_DrbdSecondFailed"},
                {GNT1, INSTANCE_LIST, "BoundaryEvent_ListInstancesFailed"}}) {
            pt.reset();
            sim(pt).inject(GanetiSimulation.DRBD_SPLIT_BRAIN);
            pt.answer(failing[0], failing[1], 1, "");
            ProcessInstance pi = pt.start("ganeti-drbd-split-brain", Map.of());
            pt.executeJobs();
            BpmnAwareTests.assertThat(pi).hasPassed(failing[2]);
            pt.assertEscalatedAndFinish(pi, failing[1]);
        }
    }

    @Test
    void drbdNotInSyncInTimeEscalates() {
        ProcessInstance pi = startUntilConfirmDiscard(GNT1);
        pt.completeAs("bob", pi, Map.of("confirmedDiscardNode", GNT2, "confirmed", true));
        pt.executeJobs();
        pt.answer(GNT1, PROC_DRBD, 0, "version: 8.3.11 (api:88/proto:86-96)\n"
                + "21: cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown   r-----\n");
        for (int i = 0; i < 25 && pt.engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).count() == 0; i++) {
            pt.fireTimers();
        }

        pt.assertEscalatedAndFinish(pi, "DRBD did not get back to Connected UpToDate/UpToDate within 20 checks");
    }

    @Test
    void aFailingSyncCheckEscalates() {
        ProcessInstance pi = startUntilConfirmDiscard(GNT1);
        pt.completeAs("bob", pi, Map.of("confirmedDiscardNode", GNT2, "confirmed", true));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_SyncPoll");
        pt.answer(GNT1, PROC_DRBD, 1, "");
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_CheckSyncFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }
}
