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
import static io.harunbooks.lab.ganeti.GanetiSimulation.INSTANCE_LIST;
import static io.harunbooks.lab.ganeti.GanetiSimulation.MASTERD_NO_VOTING;
import static io.harunbooks.lab.ganeti.GanetiSimulation.MASTER_FAILOVER_NO_VOTING;
import static io.harunbooks.runbooks.GanetiLab.GNT1;
import static io.harunbooks.runbooks.GanetiLab.GNT2;
import static io.harunbooks.runbooks.GanetiLab.instance;
import static io.harunbooks.runbooks.GanetiLab.node;
import static io.harunbooks.runbooks.GanetiLab.sim;
import static io.harunbooks.runbooks.GanetiLab.var;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code ganeti-master-node-failure} (seed 002, «Выход из строя master-узла»). */
@Deployment(resources = {"bpmn/ganeti-master-node-failure.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-ganeti-step.form", "forms/escalate-to-support.form"})
class GanetiMasterNodeFailureProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(GanetiLab::cluster, List.of());
    static final String OFFLINE = "gnt-node modify -C no -O yes gnt1";
    static final String FAILOVER = "gnt-node failover --ignore-consistency gnt1";

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilConfirmation() {
        return pt.startUntil(GanetiSimulation.MASTER_DOWN, "ganeti-master-node-failure", Map.of(), "Task_Confirm");
    }

    @Test
    void candidateTakesOverMarksTheDeadMasterOfflineAndFailsItsInstancesOver() {
        ProcessInstance pi = startUntilConfirmation();
        assertThat((String) var(pt, pi, "evidence")).contains("gnt-cluster getmaster on gnt1: not reachable")
                .contains("gnt-cluster getmaster on gnt2: gnt1");
        assertThat((String) var(pt, pi, "plannedCommands")).isEqualTo("On gnt2: ganeti-masterd --no-voting\n"
                + "On gnt2: gnt-cluster master-failover --no-voting   (answering y to Continue?)\n"
                + "On gnt2: gnt-cluster getmaster (must be gnt2)\n"
                + "On gnt2: gnt-node modify -C no -O yes gnt1\n"
                + "On gnt2: gnt-node failover --ignore-consistency gnt1   (answering y)\n"
                + "then gnt-instance list on gnt2");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ClassifyPair", "Task_Plan", "Task_Confirm",
                "Task_RecheckDead", "Task_StartMasterd", "Task_MasterFailover", "Task_VerifyMaster",
                "Task_MarkOffline", "Task_Failover", "Task_VerifyInstances", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn(GNT2)).containsExactly(GETMASTER, MASTERD_NO_VOTING, MASTER_FAILOVER_NO_VOTING,
                GETMASTER, OFFLINE, FAILOVER, INSTANCE_LIST);
        assertThat(pt.stdins).containsSubsequence("y\n", "y\n");
        assertThat(sim(pt).state().master()).isEqualTo(GNT2);
        assertThat(node(pt, GNT1).offline()).isTrue();
        assertThat(node(pt, GNT1).masterCandidate()).isFalse();
        assertThat(instance(pt, "web1").primary()).isEqualTo(GNT2);
        assertThat(instance(pt, "mail1").running()).isTrue();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
    }

    @Test
    void masterThatAnswersIsNoFailure() {
        ProcessInstance pi = pt.start("ganeti-master-node-failure", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotMasterDown").hasNotPassed("Task_Confirm");
        pt.assertEscalatedAndFinish(pi, "The master gnt1 answers: use ganeti-master-switch");
    }

    @Test
    void bothDownEscalates() {
        sim(pt).inject(GanetiSimulation.MASTER_DOWN);
        pt.answer(GNT2, GETMASTER, 255, "");
        ProcessInstance pi = pt.start("ganeti-master-node-failure", Map.of());
        pt.executeJobs();

        pt.assertEscalatedAndFinish(pi, "Neither node answers");
    }

    @Test
    void notConfirmedChangesNothing() {
        ProcessInstance pi = startUntilConfirmation();

        pt.completeAs("alice", pi, Map.of("confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").isEnded();
        assertThat(pt.commandsOn(GNT2)).containsExactly(GETMASTER);
        assertThat(sim(pt).state().master()).isEqualTo(GNT1);
    }

    @Test
    void masterBackRightBeforeTheForcedStepsEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT1, GETMASTER, 0, "gnt1\n");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeMasterBack").hasNotPassed("Task_StartMasterd");
        pt.assertEscalatedAndFinish(pi, "gnt1 answers again");
        assertThat(pt.commandsOn(GNT2)).containsExactly(GETMASTER);
    }

    @Test
    void failingStepsEscalate() {
        for (String[] failing : new String[][] {{MASTERD_NO_VOTING, "BoundaryEvent_StartMasterdFailed"},
                {MASTER_FAILOVER_NO_VOTING, "BoundaryEvent_MasterFailoverFailed"},
                {OFFLINE, "BoundaryEvent_MarkOfflineFailed"}, {FAILOVER, "BoundaryEvent_FailoverFailed"},
                {INSTANCE_LIST, "BoundaryEvent_VerifyInstancesFailed"}}) {
            pt.reset();
            ProcessInstance pi = startUntilConfirmation();
            pt.answer(GNT2, failing[0], 1, "");
            pt.confirm(pi);

            BpmnAwareTests.assertThat(pi).hasPassed(failing[1]);
            pt.assertEscalatedAndFinish(pi, failing[0]);
        }
    }

    @Test
    void masterNotSwitchedStopsBeforeTheOfflineMark() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT2, MASTER_FAILOVER_NO_VOTING, 0, "");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotNewMaster").hasNotPassed("Task_MarkOffline");
        pt.assertEscalatedAndFinish(pi, "the master is gnt1, not gnt2");
    }

    @Test
    void getmasterFailingAfterTheFailoverEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT2, GETMASTER, 1, "");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_VerifyMasterFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void instancesNotRunningAfterwardsEscalate() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT2, INSTANCE_LIST, 0, "Instance Primary_node Secondary_Nodes Status\nweb1 gnt1 gnt2 ERROR_nodeoffline\n");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotMoved");
        pt.assertEscalatedAndFinish(pi, "not every instance runs there");
    }
}
