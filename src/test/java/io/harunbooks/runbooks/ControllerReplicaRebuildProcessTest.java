package io.harunbooks.runbooks;

import io.harunbooks.lab.messenger.MessengerSimulation;
import io.harunbooks.lab.messenger.MessengerSimulation.NodeState;
import io.harunbooks.lab.messenger.MessengerSimulation.Role;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.harunbooks.lab.messenger.MessengerSimulation.CREATE_DATA_DIRS;
import static io.harunbooks.lab.messenger.MessengerSimulation.DISABLE;
import static io.harunbooks.lab.messenger.MessengerSimulation.IPROS_CLUSTER_SHOW;
import static io.harunbooks.lab.messenger.MessengerSimulation.MOVE_DATA_ASIDE;
import static io.harunbooks.lab.messenger.MessengerSimulation.REPLICATE;
import static io.harunbooks.lab.messenger.MessengerSimulation.STOP;
import static io.harunbooks.lab.messenger.MessengerSimulation.TOPO_CHECK;
import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code controller-replica-rebuild}, against the lab's controller simulation. */
@Deployment(resources = {"bpmn/controller-replica-rebuild.bpmn", "bpmn/controller-split-brain.bpmn",
        "bpmn/escalate-to-support.bpmn", "forms/confirm-rebuild.form", "forms/choose-master.form",
        "forms/escalate-to-support.form"})
class ControllerReplicaRebuildProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine();

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance start(String node) {
        return pt.start("controller-replica-rebuild", Map.of("node", node));
    }

    /** The controller-split-brain run the rebuild run called. */
    private ProcessInstance calledSplitBrain(ProcessInstance pi) {
        ProcessInstance called = pt.engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();
        assertThat(called).as("called process instance").isNotNull();
        assertThat(called.getProcessDefinitionId()).startsWith("controller-split-brain:");
        return called;
    }

    @Test
    void replicaLostOnVkt04IsRebuiltExactlyAsTheSeedSays() {
        pt.lab.inject(MessengerSimulation.REPLICA_LOST);

        ProcessInstance pi = start("vkt04");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmRebuild");
        Map<String, Object> evidence = pt.engine.getRuntimeService().getVariables(pi.getId());
        assertThat(evidence)
                .containsEntry("peer", "vkt03").containsEntry("peerSelfMain", true)
                .containsEntry("peerOutput", fixture("messenger/ipros-cluster-show/two-masters-vkt03.txt"))
                .containsEntry("nodeSelfMain", null).containsEntry("nodeOutput", "");
        assertThat(evidence.get("nodeCheckError").toString()).contains("vkt04").contains("Connection refused");
        // the crashed replica does not answer: only the read-only question reached it
        assertThat(pt.commandsOn("vkt04")).containsExactly(IPROS_CLUSTER_SHOW);

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_FindControllers", "Task_FindPeer",
                        "Task_CheckAlertedNode", "BoundaryEvent_AlertedNodeUnreachable", "Gateway_MergeToPeerCheck",
                        "Task_CheckMasterOnPeer", "Gateway_PeerIsMaster", "Task_ConfirmRebuild", "Task_StopController",
                        "Task_MoveDataAside", "Task_RecreateDataDirs", "Task_Rereplicate", "Task_DisableController",
                        "Task_CheckTopology", "Task_ShowClusterAfter", "Gateway_Verified", "EndEvent_Recovered")
                .hasNotPassed("Gateway_NodeAlsoMaster", "CallActivity_SplitBrain", "Gateway_MergeEscalation").isEnded();
        assertThat(pt.commandsOn("vkt04")).containsExactly(IPROS_CLUSTER_SHOW, STOP, MOVE_DATA_ASIDE, CREATE_DATA_DIRS,
                REPLICATE, DISABLE);
        assertThat(pt.commandsOn("vkt03")).containsExactly(IPROS_CLUSTER_SHOW, TOPO_CHECK, IPROS_CLUSTER_SHOW);

        NodeState vkt04 = pt.lab.node("vkt04");
        assertThat(vkt04.role()).isEqualTo(Role.REPLICA);
        assertThat(vkt04.running()).isTrue();
        assertThat(vkt04.enabled()).isFalse();
        assertThat(vkt04.owner()).isEqualTo("quantum");
        assertThat(vkt04.dataSubdirs()).contains("backup", "df", "log");
        assertThat(vkt04.dataDirs()).anyMatch(d -> d.matches("/data/ctlr-1\\.\\d{8}_\\d{4}"));
        assertThat(pt.lab.node("vkt03").role()).isEqualTo(Role.MAIN);
        assertThat(pt.lab.state().topologyOk()).isTrue();
    }

    @Test
    void declinedConfirmationEndsWithoutChangingAnything() {
        pt.lab.inject(MessengerSimulation.REPLICA_LOST);
        ProcessInstance pi = start("vkt04");
        pt.executeJobs();

        pt.completeAs("alice", pi, Map.of("confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").hasNotPassed("Task_StopController").isEnded();
        assertThat(pt.commandsOn("vkt04")).containsExactly(IPROS_CLUSTER_SHOW);
        assertThat(pt.lab.node("vkt04").dataDirs()).containsExactly("/data/ctlr-1");
    }

    @Test
    void noMasterOnThePeerEscalatesBeforeAnythingIsTouched() {
        pt.lab.inject(MessengerSimulation.REPLICA_LOST);
        // a state the simulation cannot reach: the peer of the crashed vkt04 is no master either
        pt.answer("vkt03", IPROS_CLUSTER_SHOW, 0, "vkt03.weave.local      10.32.88.0:2410 self\n"
                + "vkt04.weave.local      10.32.96.0:2410 dead\n");
        ProcessInstance pi = start("vkt04");

        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_CheckAlertedNode", "BoundaryEvent_AlertedNodeUnreachable",
                "Task_CheckMasterOnPeer", "Gateway_PeerIsMaster", "Task_DescribeNoMaster", "Gateway_MergeEscalation")
                .hasNotPassed("Task_ConfirmRebuild", "CallActivity_SplitBrain");
        assertThat(pt.commandsOn("vkt04")).containsExactly(IPROS_CLUSTER_SHOW);
        assertThat(pt.commandsOn("vkt03")).containsExactly(IPROS_CLUSTER_SHOW);
        pt.assertEscalatedAndFinish(pi, "would lose data");
    }

    @Test
    void splitBrainReportedAsMissingReplicaIsHandedToTheSplitBrainRunbook() {
        pt.lab.inject(MessengerSimulation.TWO_MASTERS);
        ProcessInstance pi = start("vkt03"); // from vkt04 both faults look alike: vkt03 is dead to it

        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).isWaitingAt("CallActivity_SplitBrain");
        assertThat(pt.engine.getRuntimeService().getVariables(pi.getId()))
                .containsEntry("nodeSelfMain", true)
                .containsEntry("nodeOutput", fixture("messenger/ipros-cluster-show/two-masters-vkt03.txt"));
        ProcessInstance splitBrain = calledSplitBrain(pi);
        assertThat(splitBrain.getBusinessKey()).isEqualTo(ProcessTestEngine.CLUSTER);
        BpmnAwareTests.assertThat(splitBrain).isWaitingAt("Task_ChooseMaster");
        assertThat(pt.engine.getRuntimeService().getVariable(splitBrain.getId(), "cluster"))
                .isEqualTo(ProcessTestEngine.CLUSTER);

        pt.completeAs("alice", splitBrain, Map.of("master", "vkt04", "decisionComment", "vkt04 got the role first"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(splitBrain).hasPassed("EndEvent_Recovered").isEnded();
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_FindPeer", "Task_CheckAlertedNode",
                        "Gateway_NodeAlsoMaster", "CallActivity_SplitBrain", "EndEvent_HandedToSplitBrain")
                .hasNotPassed("Gateway_MergeToPeerCheck", "Task_CheckMasterOnPeer", "Task_ConfirmRebuild",
                        "Task_StopController", "Gateway_MergeEscalation")
                .isEnded();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
        assertThat(pt.lab.node("vkt04").role()).isEqualTo(Role.MAIN);
        assertThat(pt.lab.node("vkt03").role()).isEqualTo(Role.REPLICA);
        assertThat(pt.lab.state().topologyOk()).isTrue();
    }

    @Test
    void theOnlyMasterNamedInTheAlertIsLeftAloneByTheSplitBrainRunbook() {
        ProcessInstance pi = start("vkt03"); // healthy: vkt03 is the master, its peer vkt04 a running replica

        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_CheckAlertedNode", "Gateway_NodeAlsoMaster",
                "CallActivity_SplitBrain", "EndEvent_HandedToSplitBrain").hasNotPassed("Task_ConfirmRebuild").isEnded();
        HistoricProcessInstance called = pt.engine.getHistoryService().createHistoricProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();
        assertThat(called.getProcessDefinitionKey()).isEqualTo("controller-split-brain");
        assertThat(called.getEndActivityId()).isEqualTo("EndEvent_NoSplitBrain");
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
        assertThat(pt.commandsOn("vkt03")).containsOnly(IPROS_CLUSTER_SHOW);
        assertThat(pt.commandsOn("vkt04")).containsOnly(IPROS_CLUSTER_SHOW);
        assertThat(pt.lab.state().topologyOk()).isTrue();
    }

    @Test
    void aPoweredOffAlertedNodeIsTheNormalCaseAndTheRebuildGoesOn() {
        pt.lab.inject(MessengerSimulation.REPLICA_LOST);
        pt.unreachable("vkt04");

        ProcessInstance pi = start("vkt04");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_AlertedNodeUnreachable", "Task_CheckMasterOnPeer")
                .isWaitingAt("Task_ConfirmRebuild");
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "nodeCheckError").toString())
                .contains("cannot connect to vkt04");
        assertThat(pt.engine.getRuntimeService().createIncidentQuery().count()).isZero();
    }

    @Test
    void unreachablePeerEscalates() {
        pt.lab.inject(MessengerSimulation.REPLICA_LOST);
        pt.lab.execute("vkt03", STOP);

        ProcessInstance pi = start("vkt04");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_AlertedNodeUnreachable",
                        "BoundaryEvent_CheckMasterFailed", "Gateway_MergeEscalation")
                .hasNotPassed("Task_ConfirmRebuild");
        pt.assertEscalatedAndFinish(pi, "Connection refused");
    }

    @Test
    void failingRebuildCommandEscalatesAndStopsThere() {
        pt.lab.inject(MessengerSimulation.REPLICA_LOST);
        pt.answer("vkt04", MOVE_DATA_ASIDE, 1, "");
        ProcessInstance pi = start("vkt04");
        pt.executeJobs();

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_RebuildFailed", "Gateway_MergeEscalation")
                .hasNotPassed("Task_RecreateDataDirs", "Task_Rereplicate");
        assertThat(pt.commandsOn("vkt04")).containsExactly(IPROS_CLUSTER_SHOW, STOP, MOVE_DATA_ASIDE);
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void failedVerificationEscalates() {
        pt.lab.inject(MessengerSimulation.REPLICA_LOST);
        pt.answer("vkt03", TOPO_CHECK, 0, fixture("messenger/ctlr-topo-check/no-active-replicas-vkt04.txt"));
        ProcessInstance pi = start("vkt04");
        pt.executeJobs();

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Gateway_Verified", "Task_DescribeVerificationFailed",
                "Gateway_MergeEscalation").hasNotPassed("EndEvent_Recovered");
        pt.assertEscalatedAndFinish(pi, "");
    }

    @Test
    void aNodeThatIsNotAHostOfTheClusterIsRefusedBeforeTheRunStarts() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start("vkt09"))
                .isInstanceOf(org.camunda.bpm.engine.exception.NotValidException.class)
                .hasMessage("cannot start runbook 'controller-replica-rebuild': variable 'node' = 'vkt09' is not a "
                        + "host of cluster 'msg-lab' (hosts: [vkt03, vkt04])");
        assertThat(pt.engine.getRuntimeService().createProcessInstanceQuery().count()).isZero();
        assertThat(pt.commands).isEmpty();
    }

    @Test
    void aNodeThatIsNotAControllerBecomesAReadableIncident() {
        // valid at the start; changed afterwards (in Cockpit, say) to a host the steps then refuse
        ProcessInstance pi = start("vkt04");
        pt.engine.getRuntimeService().setVariable(pi.getId(), "node", "vkt09");

        pt.executeJobs();

        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getIncidentMessage()).contains("node 'vkt09' is not one of the controllers");
        assertThat(pt.commands).isEmpty();
    }
}
