package io.harunbooks.runbooks;

import io.harunbooks.audit.JournalEntry;
import io.harunbooks.drbd.DrbdadmDelegate;
import io.harunbooks.lab.skyha.SkyhaSimulation;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.harunbooks.lab.skyha.SkyhaSimulation.BRAIN;
import static io.harunbooks.lab.skyha.SkyhaSimulation.PROC_DRBD;
import static io.harunbooks.lab.skyha.SkyhaSimulation.SHOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every path of {@code skyha-drbd-split-brain} (seed 004, drbd同步异常处理流程), the drbdadm task's guards (wrong node
 * refused before sending, crash between drbdadm steps) and the four-eyes rule on the confirmation.
 */
@Deployment(resources = {"bpmn/skyha-drbd-split-brain.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-skyha-discard.form", "forms/escalate-to-support.form"})
class SkyhaDrbdSplitBrainProcessTest {

    static final String SECONDARY = "drbdadm secondary all";
    static final String DISCONNECT = "drbdadm disconnect all";
    static final String DISCARD = "drbdadm -- --discard-my-data connect all";
    static final String PRIMARY = "drbdadm primary all";
    static final String CONNECT = "drbdadm connect all";

    static final ProcessTestEngine pt = new ProcessTestEngine(SkyhaLab::system, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilConfirmation(String fault) {
        return pt.startUntil(fault, "skyha-drbd-split-brain", Map.of("startedBy", "alice"), "Task_ConfirmDiscard");
    }

    private void confirm(ProcessInstance pi, String user, String node) {
        pt.completeAs(user, pi, Map.of("confirmed", true, "discardNode", node, "decisionComment", "backup checked"));
    }

    private List<String> journal(ProcessInstance pi, String kind) {
        return pt.journal(pi.getId()).stream().filter(e -> e.kind().equals(kind))
                .map(e -> e.host() + ": " + e.command()).toList();
    }

    @Test
    void stubbornSplitBrainIsRepairedByTheManualSequenceOnTheRightNodes() {
        ProcessInstance pi = startUntilConfirmation(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        assertThat(SkyhaLab.var(pt, pi, "masterDrbd")).isEqualTo(
                "minor 1: cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown");
        assertThat(SkyhaLab.var(pt, pi, "slaveDrbd")).isEqualTo(
                "minor 1: cs:StandAlone ro:Secondary/Unknown ds:UpToDate/DUnknown");
        assertThat((String) SkyhaLab.var(pt, pi, "discardPlan")).contains("on skyha2:\n  drbdadm secondary all\n"
                + "  drbdadm disconnect all\n  drbdadm -- --discard-my-data connect all\non skyha1:\n"
                + "  drbdadm primary all\n  drbdadm disconnect all\n  drbdadm connect all");
        assertThat((String) SkyhaLab.var(pt, pi, "brainOutput")).contains("automatic repair refused");

        confirm(pi, "bob", "skyha2");
        pt.executeJobs();
        // resync in progress: checked, then waited for
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_WaitSync");
        assertThat((String) SkyhaLab.var(pt, pi, "slaveDrbdNow")).contains("cs:SyncTarget")
                .contains("ds:Inconsistent/UpToDate");
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowOnMaster", "Task_DrbdMasterBefore",
                "Task_DrbdSlaveBefore", "Task_Brain", "Task_DrbdMasterAfterBrain", "Task_DrbdSlaveAfterBrain",
                "Task_PreparePlan", "Task_ConfirmDiscard", "Task_RecordConfirmation", "Task_SlaveSecondary",
                "Task_SlaveDisconnect", "Task_SlaveDiscard", "Task_MasterPrimary", "Task_MasterDisconnect",
                "Task_MasterConnect", "Task_SyncOnMaster", "Task_SyncOnSlave", "Task_CountCheck", "Timer_WaitSync",
                "EndEvent_Recovered").isEnded();
        assertThat(journal(pi, JournalEntry.COMMAND)).containsExactly(
                "skyha1: " + SHOW, "skyha1: " + PROC_DRBD, "skyha2: " + PROC_DRBD, "skyha2: " + BRAIN,
                "skyha1: " + PROC_DRBD, "skyha2: " + PROC_DRBD,
                "skyha2: " + SECONDARY, "skyha2: " + DISCONNECT,
                "skyha2: " + PROC_DRBD, "skyha1: " + PROC_DRBD, "skyha2: " + DISCARD,
                "skyha1: " + PRIMARY, "skyha1: " + DISCONNECT, "skyha1: " + CONNECT,
                "skyha1: " + PROC_DRBD, "skyha2: " + PROC_DRBD, "skyha1: " + PROC_DRBD, "skyha2: " + PROC_DRBD);
        JournalEntry guard = pt.journal(pi.getId()).stream().filter(e -> e.kind().equals(DrbdadmDelegate.GUARD))
                .findFirst().orElseThrow();
        assertThat(guard.host()).isEqualTo("skyha2");
        assertThat(guard.command()).isEqualTo(DISCARD);
        assertThat(guard.stdout()).startsWith("discard-my-data on skyha2 allowed")
                .contains("skyha1 [minor 1: cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown]");
        assertThat(guard.actor()).isEqualTo("bob");
        assertThat(pt.historicVariable(pi, "destructiveApprovedBy")).isEqualTo("bob");
        SkyhaSimulation.State state = SkyhaLab.sim(pt).state();
        assertThat(state.drbdHealthy()).isTrue();
        assertThat(state.master()).isEqualTo("skyha1");
        assertThat(state.lostData()).isEmpty();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
    }

    @Test
    void brainRepairsAPlainDisconnectWithoutAskingAnyone() {
        SkyhaLab.sim(pt).inject(SkyhaSimulation.DRBD_DISCONNECTED);
        ProcessInstance pi = pt.start("skyha-drbd-split-brain", Map.of("startedBy", "alice", "syncWait", "PT10S"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_WaitSync");
        pt.fireTimers();
        assertThat((String) SkyhaLab.var(pt, pi, "slaveDrbdNow")).contains("cs:SyncTarget").contains("sync'ed:4");
        pt.fireTimers();
        pt.fireTimers();
        BpmnAwareTests.assertThat(pi).hasPassed("Task_Brain").hasNotPassed("Task_ConfirmDiscard")
                .hasPassed("EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skyha2")).doesNotContain(DISCARD).contains(BRAIN);
        assertThat(SkyhaLab.sim(pt).state().drbdHealthy()).isTrue();
    }

    @Test
    void connectedDrbdNeedsNothing() {
        SkyhaLab.sim(pt).inject(SkyhaSimulation.HEALTHY);
        ProcessInstance pi = pt.start("skyha-drbd-split-brain", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_NothingToDo").isEnded();
        assertThat(pt.commandsOn("skyha2")).containsExactly(PROC_DRBD);
    }

    @Test
    void cancelledConfirmationChangesNothing() {
        ProcessInstance pi = startUntilConfirmation(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        pt.completeAs("bob", pi, Map.of("confirmed", false, "discardNode", "skyha2"));
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").isEnded();
        assertThat(pt.commandsOn("skyha1")).noneMatch(c -> c.startsWith("drbdadm"));
        assertThat(pt.commandsOn("skyha2")).noneMatch(c -> c.startsWith("drbdadm"));
        assertThat(SkyhaLab.sim(pt).state().splitBrain()).isTrue();
    }

    @Test
    void namingTheMasterAsTheNodeToDiscardEscalatesWithoutSendingAnything() {
        ProcessInstance pi = startUntilConfirmation(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        confirm(pi, "bob", "skyha1");
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeOtherNode");
        pt.assertEscalatedAndFinish(pi, "The person named skyha1 as the node whose DRBD data is thrown away, not "
                + "the slave skyha2");
        assertThat(pt.commandsOn("skyha1")).noneMatch(c -> c.startsWith("drbdadm"));
    }

    @Test
    void fourEyesTheStarterCannotConfirmNorCanNobody() {
        ProcessInstance pi = startUntilConfirmation(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        assertThatThrownBy(() -> confirm(pi, "alice", "skyha2"))
                .hasMessageContaining("Four-eyes: alice started this run and cannot also confirm");
        assertThatThrownBy(() -> pt.engine.getTaskService().complete(pt.task(pi).getId(),
                Map.of("confirmed", true, "discardNode", "skyha2")))
                .hasMessageContaining("must be completed by a logged-in person");
        // the task is still open and nothing was decided or sent
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmDiscard");
        assertThat(journal(pi, JournalEntry.DECISION)).isEmpty();
        assertThat(pt.commandsOn("skyha2")).noneMatch(c -> c.startsWith("drbdadm"));

        confirm(pi, "bob", "skyha2");
        BpmnAwareTests.assertThat(pi).isNotWaitingAt("Task_ConfirmDiscard");
        assertThat(journal(pi, JournalEntry.DECISION)).hasSize(1);
    }

    @Test
    void fourEyesTheApproverOfThePreviousDestructiveStepCannotConfirmTheNext() {
        ProcessInstance pi = startUntilConfirmation(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        pt.engine.getRuntimeService().setVariable(pi.getId(), "destructiveApprovedBy", "bob");
        assertThatThrownBy(() -> confirm(pi, "bob", "skyha2"))
                .hasMessageContaining("Four-eyes: bob approved the previous destructive step of this run");
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmDiscard");
        confirm(pi, "carol", "skyha2");
        assertThat(SkyhaLab.var(pt, pi, "destructiveApprovedBy")).isEqualTo("carol");
    }

    @Test
    void guardRefusesTheDiscardWhenTheSlaveHoldsTheOnlyUpToDateDiskBeforeSendingIt() {
        // the master's copy is Outdated: throwing the slave's away would lose the only current data
        pt.answer("skyha1", PROC_DRBD, 0, SkyhaLab.procDrbd("StandAlone", "Primary/Unknown", "Outdated/DUnknown"));
        ProcessInstance pi = startUntilConfirmation(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        confirm(pi, "bob", "skyha2");
        pt.executeJobs();

        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident.getActivityId()).isEqualTo("Task_SlaveDiscard");
        assertThat(incident.getIncidentMessage()).startsWith("Guard: discard-my-data on skyha2 refused")
                .contains("skyha2 holds the only UpToDate disk of minor 1 (skyha1: Outdated)")
                .endsWith("Nothing was sent.");
        assertThat(pt.commandsOn("skyha2")).doesNotContain(DISCARD).endsWith(SECONDARY, DISCONNECT, PROC_DRBD);
        assertThat(pt.commandsOn("skyha1")).doesNotContain(PRIMARY);
        assertThat(pt.journal(pi.getId())).filteredOn(e -> e.kind().equals(DrbdadmDelegate.GUARD))
                .singleElement().satisfies(e -> assertThat(e.stdout()).contains("refused"));
        assertThat(SkyhaLab.sim(pt).state().lostData()).isEmpty();
    }

    @Test
    void guardRefusesTheDiscardOnANodeThatBecamePrimaryAfterTheConfirmation() {
        ProcessInstance pi = startUntilConfirmation(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        confirm(pi, "bob", "skyha2");
        pt.answer("skyha2", PROC_DRBD, 0, SkyhaLab.procDrbd("StandAlone", "Primary/Unknown", "UpToDate/DUnknown"));
        pt.executeJobs();
        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident.getIncidentMessage()).contains("skyha2 is Primary for minor 1");
        assertThat(pt.commandsOn("skyha2")).doesNotContain(DISCARD);
    }

    @Test
    void crashRightAfterTheDiscardResumesFromAStateCheckAndDoesNotDiscardTwice() {
        ProcessInstance pi = startUntilConfirmation(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        pt.crashAfter("skyha2", DISCARD);
        confirm(pi, "bob", "skyha2");
        pt.executeJobs();
        assertThat(pt.commandsOn("skyha2")).filteredOn(DISCARD::equals).hasSize(1);
        pt.restartAfterCrash();
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skyha2")).filteredOn(DISCARD::equals).hasSize(1);
        List<JournalEntry> guards = pt.journal(pi.getId()).stream()
                .filter(e -> e.kind().equals(DrbdadmDelegate.GUARD)).toList();
        assertThat(guards).hasSize(2);
        assertThat(guards.get(1).stdout()).contains("was running when the engine stopped; the state read now shows "
                + "it took effect (minor 1: cs:WFConnection").endsWith("so it is not sent again");
        // after the crash: the state check on skyha2, then the master's steps
        List<String> commands = journal(pi, JournalEntry.COMMAND);
        int discard = commands.indexOf("skyha2: " + DISCARD);
        assertThat(commands.subList(discard, discard + 5)).containsExactly("skyha2: " + DISCARD,
                "skyha2: " + PROC_DRBD, "skyha1: " + PRIMARY, "skyha1: " + DISCONNECT, "skyha1: " + CONNECT);
        assertThat(SkyhaLab.sim(pt).state().drbdHealthy()).isTrue();
        assertThat(SkyhaLab.sim(pt).state().lostData()).isEmpty();
    }

    @Test
    void crashDuringADiscardThatDidNotTakeEffectStopsInAnIncident() {
        ProcessInstance pi = startUntilConfirmation(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        pt.crashAfter("skyha2", DISCARD);
        confirm(pi, "bob", "skyha2");
        pt.executeJobs();
        // the state read after the restart still shows StandAlone: outcome unknown, not sent again on its own
        pt.answer("skyha2", PROC_DRBD, 0, SkyhaLab.procDrbd("StandAlone", "Secondary/Unknown", "UpToDate/DUnknown"));
        pt.restartAfterCrash();
        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident.getActivityId()).isEqualTo("Task_SlaveDiscard");
        assertThat(incident.getIncidentMessage()).contains("does not show its effect")
                .contains("not sent again on its own");
        assertThat(pt.commandsOn("skyha2")).filteredOn(DISCARD::equals).hasSize(1);
    }

    @Test
    void notInSyncAfterTheBoundedWaitEscalates() {
        ProcessInstance pi = startUntilConfirmation(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        confirm(pi, "bob", "skyha2");
        pt.executeJobs();
        pt.answer("skyha2", PROC_DRBD, 0, SkyhaLab.procDrbd("SyncTarget", "Secondary/Primary",
                "Inconsistent/UpToDate"));
        for (int i = 0; i < 10; i++) {
            pt.fireTimers();
        }
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotSynced");
        assertThat(SkyhaLab.var(pt, pi, "syncChecked")).isEqualTo(10);
        pt.assertEscalatedAndFinish(pi, "DRBD is not Connected with UpToDate/UpToDate after 10 checks every PT30S");
    }

    @Test
    void masterNotPrimaryEscalatesBeforeAnything() {
        pt.answer("skyha1", PROC_DRBD, 0, SkyhaLab.procDrbd("StandAlone", "Secondary/Unknown", "UpToDate/DUnknown"));
        SkyhaLab.sim(pt).inject(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        ProcessInstance pi = pt.start("skyha-drbd-split-brain", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotPrimary").hasNotPassed("Task_Brain");
        pt.assertEscalatedAndFinish(pi, "does not show it Primary");
    }

    @Test
    void masterDownLeavesNoPairToRepair() {
        SkyhaLab.sim(pt).inject(SkyhaSimulation.MASTER_DOWN);
        ProcessInstance pi = pt.start("skyha-drbd-split-brain", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_ShowOnMasterFailed", "Task_ShowOnSlave",
                "Task_DescribeNoPair");
        pt.assertEscalatedAndFinish(pi, "skyha show does not list one master and one slave (master skyha2, slave null)");
    }

    @Test
    void showFailingOnBothNodesEscalates() {
        pt.answer("skyha1", SHOW, 1, "");
        pt.answer("skyha2", SHOW, 1, "");
        ProcessInstance pi = pt.start("skyha-drbd-split-brain", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_ShowOnSlaveFailed");
        pt.assertEscalatedAndFinish(pi, "«/opt/skylar_ha/skyha show» exited 1");
    }

    @Test
    void brainFailingEscalates() {
        pt.answer("skyha2", BRAIN, 1, "skyha brain: error");
        SkyhaLab.sim(pt).inject(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        ProcessInstance pi = pt.start("skyha-drbd-split-brain", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_BrainFailed");
        pt.assertEscalatedAndFinish(pi, "skyha2: «/opt/skylar_ha/skyha brain» exited 1");
    }

    /** Each /proc/drbd read has its own error boundary: a failing read escalates naming the host. */
    @ParameterizedTest
    @CsvSource({"Task_DrbdMasterBefore,skyha1,BoundaryEvent_DrbdMasterBeforeFailed",
            "Task_DrbdSlaveBefore,skyha2,BoundaryEvent_DrbdSlaveBeforeFailed",
            "Task_DrbdMasterAfterBrain,skyha1,BoundaryEvent_DrbdMasterAfterBrainFailed",
            "Task_DrbdSlaveAfterBrain,skyha2,BoundaryEvent_DrbdSlaveAfterBrainFailed",
            "Task_SyncOnMaster,skyha1,BoundaryEvent_SyncOnMasterFailed",
            "Task_SyncOnSlave,skyha2,BoundaryEvent_SyncOnSlaveFailed"})
    void failingDrbdReadsEscalate(String activity, String host, String boundary) {
        SkyhaLab.sim(pt).inject(SkyhaSimulation.DRBD_DISCONNECTED);
        ProcessInstance pi = pt.start("skyha-drbd-split-brain", Map.of());
        SkyhaLab.runUntil(pt, pi, activity);
        pt.answer(host, PROC_DRBD, 1, "cat: /proc/drbd: No such file or directory");
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed(boundary);
        pt.assertEscalatedAndFinish(pi, host + ": «cat /proc/drbd» exited 1");
    }

    /** Each drbdadm step has an error boundary: a step DRBD refuses escalates, the following ones are not sent. */
    @ParameterizedTest
    @CsvSource({"Task_SlaveSecondary,skyha2,drbdadm secondary all", "Task_SlaveDisconnect,skyha2,drbdadm disconnect all",
            "Task_SlaveDiscard,skyha2,drbdadm -- --discard-my-data connect all",
            "Task_MasterPrimary,skyha1,drbdadm primary all", "Task_MasterDisconnect,skyha1,drbdadm disconnect all",
            "Task_MasterConnect,skyha1,drbdadm connect all"})
    void failingDrbdadmStepsEscalate(String activity, String host, String command) {
        pt.answer(host, command, 11, "1: State change failed: (-2) Need access to UpToDate data");
        ProcessInstance pi = startUntilConfirmation(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        confirm(pi, "bob", "skyha2");
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_" + activity.substring(5) + "Failed");
        pt.assertEscalatedAndFinish(pi, host + ": «" + command + "» exited 11");
        assertThat(pt.commandsOn(host)).filteredOn(command::equals).hasSize(1);
    }
}
