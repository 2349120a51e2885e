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
import static io.harunbooks.lab.ganeti.GanetiSimulation.MASTER_FAILOVER;
import static io.harunbooks.lab.ganeti.GanetiSimulation.NODE_LIST;
import static io.harunbooks.runbooks.GanetiLab.GNT1;
import static io.harunbooks.runbooks.GanetiLab.GNT2;
import static io.harunbooks.runbooks.GanetiLab.instance;
import static io.harunbooks.runbooks.GanetiLab.node;
import static io.harunbooks.runbooks.GanetiLab.sim;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code ganeti-node-decommission} (seed 002, «Плановый вывод узла из эксплуатации»). */
@Deployment(resources = {"bpmn/ganeti-node-decommission.bpmn", "bpmn/ganeti-master-switch.bpmn",
        "bpmn/escalate-to-support.bpmn", "forms/escalate-to-support.form"})
class GanetiNodeDecommissionProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(GanetiLab::cluster, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    @Test
    void candidateNodeInstancesAreMigratedThenTheNodeIsOfflined() {
        ProcessInstance pi = pt.start("ganeti-node-decommission", Map.of("node", GNT2));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_GetMaster", "Task_ListInstances", "Task_NextMigration",
                "Task_Migrate", "Task_NextMigration", "Task_Offline", "Task_VerifyNodes", "EndEvent_Recovered")
                .hasNotPassed("CallActivity_MasterSwitch").isEnded();
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, INSTANCE_LIST, "gnt-instance migrate db1",
                "gnt-node modify -C no -O yes gnt2", NODE_LIST);
        assertThat(pt.stdins).contains("y\n");
        assertThat(instance(pt, "db1").primary()).isEqualTo(GNT1);
        assertThat(node(pt, GNT2).offline()).isTrue();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
    }

    @Test
    void masterNodeIsSwitchedAwayFirstThenItsTwoInstancesMigrate() {
        ProcessInstance pi = pt.start("ganeti-node-decommission", Map.of("node", GNT1));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Gateway_NodeIsMaster", "CallActivity_MasterSwitch",
                "Task_NewMaster", "Task_ListInstances", "Task_Offline", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn(GNT2)).containsExactly(GETMASTER, GETMASTER, MASTER_FAILOVER, GETMASTER, NODE_LIST,
                INSTANCE_LIST, "gnt-instance migrate web1", "gnt-instance migrate mail1",
                "gnt-node modify -C no -O yes gnt1", NODE_LIST);
        assertThat(sim(pt).state().master()).isEqualTo(GNT2);
        assertThat(instance(pt, "web1").primary()).isEqualTo(GNT2);
        assertThat(instance(pt, "mail1").primary()).isEqualTo(GNT2);
        assertThat(node(pt, GNT1).offline()).isTrue();
    }

    @Test
    void failedMasterSwitchStopsBeforeMigrating() {
        pt.answer(GNT2, MASTER_FAILOVER, 1, "");
        ProcessInstance pi = pt.start("ganeti-node-decommission", Map.of("node", GNT1));
        pt.executeJobs();
        ProcessInstance switchRun = pt.engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey("ganeti-master-switch").singleResult();
        pt.assertEscalatedAndFinish(switchRun, "gnt-cluster master-failover");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotSwitched").hasNotPassed("Task_ListInstances");
        pt.assertEscalatedAndFinish(pi, "the master switch ended escalated");
    }

    @Test
    void migrationFailureEscalatesWithoutOfflining() {
        pt.answer(GNT1, "gnt-instance migrate db1", 1, "");
        ProcessInstance pi = pt.start("ganeti-node-decommission", Map.of("node", GNT2));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_MigrateFailed").hasNotPassed("Task_Offline");
        pt.assertEscalatedAndFinish(pi, "gnt-instance migrate db1");
        assertThat(node(pt, GNT2).offline()).isFalse();
    }

    @Test
    void migrationRefusedByAnUnsyncedDiskEscalates() {
        sim(pt).inject(GanetiSimulation.NODE_CRASHED);
        ProcessInstance pi = pt.start("ganeti-node-decommission", Map.of("node", GNT2));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_MigrateFailed").hasNotPassed("Task_Offline");
        pt.assertEscalatedAndFinish(pi, "is not in sync on gnt1, cannot migrate");
        assertThat(instance(pt, "db1").primary()).isEqualTo(GNT2);
    }

    @Test
    void failingStepsEscalate() {
        for (String[] failing : new String[][] {{GETMASTER, "BoundaryEvent_GetMasterFailed"},
                {INSTANCE_LIST, "BoundaryEvent_ListInstancesFailed"},
                {"gnt-node modify -C no -O yes gnt2", "BoundaryEvent_OfflineFailed"},
                {NODE_LIST, "BoundaryEvent_VerifyNodesFailed"}}) {
            pt.reset();
            pt.answer(GNT1, failing[0], 1, "");
            ProcessInstance pi = pt.start("ganeti-node-decommission", Map.of("node", GNT2));
            pt.executeJobs();

            BpmnAwareTests.assertThat(pi).hasPassed(failing[1]);
            pt.assertEscalatedAndFinish(pi, failing[0]);
        }
    }

    @Test
    void nodeStillOnlineAfterwardsEscalates() {
        pt.answer(GNT1, NODE_LIST, 0, "Node Role Pinst Sinst\ngnt1 M 3 0\ngnt2 C 0 3\n");
        ProcessInstance pi = pt.start("ganeti-node-decommission", Map.of("node", GNT2));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotOffline");
        pt.assertEscalatedAndFinish(pi, "gnt2 is not offline");
    }

    @Test
    void unknownNodeEscalates() {
        ProcessInstance pi = pt.start("ganeti-node-decommission", Map.of("node", "gnt3"));
        pt.executeJobs();
        pt.assertEscalatedAndFinish(pi, "Node gnt3 is not a node of this cluster");
    }
}
