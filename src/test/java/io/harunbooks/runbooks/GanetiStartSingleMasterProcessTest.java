package io.harunbooks.runbooks;

import io.harunbooks.lab.ganeti.GanetiSimulation;
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

import static io.harunbooks.lab.ganeti.GanetiSimulation.GETMASTER;
import static io.harunbooks.lab.ganeti.GanetiSimulation.MASTERD_NO_VOTING;
import static io.harunbooks.lab.ganeti.GanetiSimulation.NODE_LIST;
import static io.harunbooks.runbooks.GanetiLab.GNT1;
import static io.harunbooks.runbooks.GanetiLab.GNT2;
import static io.harunbooks.runbooks.GanetiLab.sim;
import static io.harunbooks.runbooks.GanetiLab.var;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code ganeti-start-single-master} (seed 002, «Запуск на одном действующем мастер-узле»). */
@Deployment(resources = {"bpmn/ganeti-start-single-master.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-ganeti-step.form", "forms/escalate-to-support.form"})
class GanetiStartSingleMasterProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(GanetiLab::cluster, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilConfirmation() {
        return pt.startUntil(GanetiSimulation.NODE_DOWN, "ganeti-start-single-master", Map.of(), "Task_Confirm");
    }

    @Test
    void masterAloneWithoutItsDaemonStartsItWithNoVotingAfterConfirmation() {
        ProcessInstance pi = startUntilConfirmation();
        assertThat((String) var(pt, pi, "evidence")).contains("gnt-cluster getmaster on gnt1: gnt1")
                .contains("gnt-cluster getmaster on gnt2: not reachable").contains("Cannot communicate with the master daemon");
        assertThat((String) var(pt, pi, "plannedCommands")).startsWith("On gnt1: ganeti-masterd --no-voting");
        assertThat(sim(pt).state().masterdRunningOn()).isEmpty();

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_FindInstalledMaster", "Task_FindCandidate",
                "Task_GetMasterOnFirst", "Task_GetMasterOnSecond", "Task_ClassifyPair", "Task_CheckMasterd",
                "Task_Plan", "Task_Confirm", "Task_RecheckPeer", "Task_StartMasterd", "Task_VerifyMasterd",
                "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, NODE_LIST, MASTERD_NO_VOTING, NODE_LIST);
        assertThat(pt.commandsOn(GNT2)).containsExactly(GETMASTER, GETMASTER);
        assertThat(pt.historicVariable(pi, "nodesAfterSummary")).isEqualTo(
                "gnt1: MASTER, 2 primary, 1 secondary instance(s)\ngnt2: CANDIDATE, 1 primary, 2 secondary instance(s)");
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
        assertThat(sim(pt).state().masterdRunningOn()).containsExactly(GNT1);
    }

    @Test
    void daemonAlreadyAnsweringIsNothingToDo() {
        sim(pt).inject(GanetiSimulation.NODE_CRASHED);
        ProcessInstance pi = pt.start("ganeti-start-single-master", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_NothingToDo").hasNotPassed("Task_Confirm").isEnded();
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, NODE_LIST);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
    }

    @Test
    void bothNodesAnsweringEscalatesWithoutNoVoting() {
        ProcessInstance pi = pt.start("ganeti-start-single-master", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotSingle").hasNotPassed("Task_CheckMasterd");
        pt.assertEscalatedAndFinish(pi, "Both nodes answer");
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER);
    }

    @Test
    void masterDownEscalatesToTheMasterFailureRunbook() {
        sim(pt).inject(GanetiSimulation.MASTER_DOWN);
        ProcessInstance pi = pt.start("ganeti-start-single-master", Map.of());
        pt.executeJobs();

        pt.assertEscalatedAndFinish(pi, "The master gnt1 does not answer");
        assertThat(pt.commandsOn(GNT2)).containsExactly(GETMASTER);
    }

    @Test
    void notConfirmedChangesNothing() {
        ProcessInstance pi = startUntilConfirmation();

        pt.completeAs("alice", pi, Map.of("confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").hasNotPassed("Task_StartMasterd").isEnded();
        assertThat(pt.commandsOn(GNT1)).doesNotContain(MASTERD_NO_VOTING);
        assertThat(sim(pt).state().masterdRunningOn()).isEmpty();
    }

    @Test
    void peerAnsweringAgainRightBeforeTheStartEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT2, GETMASTER, 0, "gnt1\n");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribePeerBack").hasNotPassed("Task_StartMasterd");
        pt.assertEscalatedAndFinish(pi, "gnt2 answers again");
        assertThat(pt.commandsOn(GNT1)).doesNotContain(MASTERD_NO_VOTING);
    }

    @Test
    void failingStartEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT1, MASTERD_NO_VOTING, 1, "");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_StartFailed").hasNotPassed("Task_VerifyMasterd");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void daemonStillSilentAfterTheStartEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT1, MASTERD_NO_VOTING, 0, "");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_VerifyFailed");
        pt.assertEscalatedAndFinish(pi, "Cannot communicate with the master daemon");
    }

    @Test
    void theForcingStepIsConfirmedByAnotherPersonThanTheOneWhoStartedTheRun() {
        sim(pt).inject(GanetiSimulation.NODE_DOWN);
        ProcessInstance pi = pt.start("ganeti-start-single-master", Map.of("startedBy", "alice"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_Confirm");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pt.completeAs("alice", pi, Map.of("confirmed", true)))
                .hasMessageContaining("Four-eyes").hasMessageContaining("alice started this run");
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_Confirm");
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        BpmnAwareTests.assertThat(pi).hasPassed("Task_Confirm");
    }
}
