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
import static io.harunbooks.lab.ganeti.GanetiSimulation.NODE_LIST;
import static io.harunbooks.lab.ganeti.GanetiSimulation.STARTUP_ALL;
import static io.harunbooks.runbooks.GanetiLab.GNT1;
import static io.harunbooks.runbooks.GanetiLab.GNT2;
import static io.harunbooks.runbooks.GanetiLab.instance;
import static io.harunbooks.runbooks.GanetiLab.sim;
import static io.harunbooks.runbooks.GanetiLab.var;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code ganeti-failover-instances} (seed 002, «Перенос виртуальных машин с аварийного узла»). */
@Deployment(resources = {"bpmn/ganeti-failover-instances.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-ganeti-step.form", "forms/escalate-to-support.form"})
class GanetiFailoverInstancesProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(GanetiLab::cluster, List.of());
    static final String FAILOVER = "gnt-node failover --ignore-consistency gnt2";

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilConfirmation() {
        return pt.startUntil(GanetiSimulation.NODE_CRASHED, "ganeti-failover-instances", Map.of("node", GNT2), "Task_Confirm");
    }

    @Test
    void instancesOfTheCrashedNodeAreFailedOverAndStartedAfterConfirmation() {
        ProcessInstance pi = startUntilConfirmation();
        assertThat((String) var(pt, pi, "evidence")).contains("gnt2 does not answer").contains("db1: primary gnt2, secondary gnt1, ERROR_nodedown")
                .contains("Instances with primary gnt2: db1");
        assertThat((String) var(pt, pi, "plannedCommands")).startsWith(
                "On gnt1: gnt-node failover --ignore-consistency gnt2   (answering y to: Fail over instance(s) 'db1'?)\n"
                        + "On gnt1: gnt-instance startup --force --all");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_GetMaster", "Task_ListNodes", "Task_ListInstances",
                "Task_ProbeNode", "Task_Plan", "Task_Confirm", "Task_RecheckNode", "Task_Failover", "Task_StartupAll",
                "Task_VerifyInstances", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, NODE_LIST, INSTANCE_LIST, FAILOVER, STARTUP_ALL,
                INSTANCE_LIST);
        assertThat(pt.commandsOn(GNT2)).containsExactly(GETMASTER, GETMASTER);
        assertThat(pt.stdins).contains("y\n");
        assertThat(instance(pt, "db1").primary()).isEqualTo(GNT1);
        assertThat(instance(pt, "db1").running()).isTrue();
        assertThat(sim(pt).state().doubleRunning()).isEmpty();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
    }

    @Test
    void nodeThatAnswersIsNotFailedOver() {
        sim(pt).inject(GanetiSimulation.HEALTHY);
        ProcessInstance pi = pt.start("ganeti-failover-instances", Map.of("node", GNT2));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNodeAnswers").hasNotPassed("Task_Confirm");
        pt.assertEscalatedAndFinish(pi, "gnt2 answers over SSH");
        assertThat(pt.commandsOn(GNT1)).doesNotContain(FAILOVER);
    }

    @Test
    void nodeBackRightBeforeTheFailoverEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT2, GETMASTER, 0, "gnt1\n");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_RecheckNode", "Task_DescribeNodeAnswers").hasNotPassed("Task_Failover");
        pt.assertEscalatedAndFinish(pi, "its instances may still run there");
        assertThat(instance(pt, "db1").primary()).isEqualTo(GNT2);
    }

    @Test
    void notConfirmedChangesNothing() {
        ProcessInstance pi = startUntilConfirmation();

        pt.completeAs("alice", pi, Map.of("confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").isEnded();
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, NODE_LIST, INSTANCE_LIST);
    }

    @Test
    void crashedMasterGoesToTheMasterFailureRunbook() {
        sim(pt).inject(GanetiSimulation.MASTER_DOWN);
        ProcessInstance pi = pt.start("ganeti-failover-instances", Map.of("node", GNT1));
        pt.executeJobs();

        pt.assertEscalatedAndFinish(pi, "is the master (gnt1): run ganeti-master-node-failure");
    }

    @Test
    void masterDaemonNotRunningAsksForTheSingleMasterStartFirst() {
        sim(pt).inject(GanetiSimulation.NODE_DOWN);
        ProcessInstance pi = pt.start("ganeti-failover-instances", Map.of("node", GNT2));
        pt.executeJobs();

        pt.assertEscalatedAndFinish(pi, "run ganeti-start-single-master first");
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, NODE_LIST);
    }

    @Test
    void unknownNodeEscalates() {
        ProcessInstance pi = pt.start("ganeti-failover-instances", Map.of("node", "gnt9"));
        pt.executeJobs();

        pt.assertEscalatedAndFinish(pi, "Node gnt9 is not a node of this cluster");
        assertThat(pt.commands).isEmpty();
    }

    @Test
    void noInstanceOnTheNodeIsNothingToDo() {
        sim(pt).inject(GanetiSimulation.NODE_CRASHED);
        pt.answer(GNT1, INSTANCE_LIST, 0, "Instance Primary_node Secondary_Nodes Status\nweb1 gnt1 gnt2 running\n");
        ProcessInstance pi = pt.start("ganeti-failover-instances", Map.of("node", GNT2));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_NothingToDo").isEnded();
        assertThat(pt.commandsOn(GNT2)).isEmpty();
    }

    @Test
    void failoverFailureEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT1, FAILOVER, 1, "");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_FailoverFailed").hasNotPassed("Task_StartupAll");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void startupFailureEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT1, STARTUP_ALL, 1, "");

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_StartupFailed");
        pt.assertEscalatedAndFinish(pi, "gnt-instance startup --force --all");
    }

    @Test
    void instanceNotRunningAfterwardsEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("alice", pi, Map.of("confirmed", true));
        pt.answer(GNT1, INSTANCE_LIST, 0, "Instance Primary_node Secondary_Nodes Status\n"
                + "db1 gnt1 gnt2 ADMIN_down\n");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotMoved");
        pt.assertEscalatedAndFinish(pi, "not every instance runs on gnt1");
    }

    @Test
    void failedVerificationEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("alice", pi, Map.of("confirmed", true));
        pt.answer(GNT1, INSTANCE_LIST, 1, "");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_VerifyFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void failingGetmasterEscalates() {
        pt.answer(GNT1, GETMASTER, 1, "");
        ProcessInstance pi = pt.start("ganeti-failover-instances", Map.of("node", GNT2));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_GetMasterFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void failingInstanceListEscalates() {
        sim(pt).inject(GanetiSimulation.NODE_CRASHED);
        pt.answer(GNT1, INSTANCE_LIST, 1, "");
        ProcessInstance pi = pt.start("ganeti-failover-instances", Map.of("node", GNT2));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_ListInstancesFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void fourEyesTheStarterCannotConfirmTheForcedFailover() {
        sim(pt).inject(GanetiSimulation.NODE_CRASHED);
        ProcessInstance pi = pt.start("ganeti-failover-instances", Map.of("node", GNT2, "startedBy", "alice"));
        pt.executeJobs();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pt.completeAs("alice", pi, Map.of("confirmed", true)))
                .hasMessageContaining("Four-eyes: alice started this run");
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_Confirm");
        assertThat(pt.commandsOn(GNT1)).doesNotContain(FAILOVER);
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Recovered");
    }
}
