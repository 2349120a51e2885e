package io.harunbooks.runbooks;

import io.harunbooks.audit.JournalEntry;
import io.harunbooks.lab.messenger.MessengerSimulation;
import io.harunbooks.lab.messenger.MessengerSimulation.NodeState;
import io.harunbooks.lab.messenger.MessengerSimulation.Role;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.harunbooks.lab.messenger.MessengerSimulation.COPY_DATA_ASIDE;
import static io.harunbooks.lab.messenger.MessengerSimulation.DISABLE;
import static io.harunbooks.lab.messenger.MessengerSimulation.IPROS_CLUSTER_SHOW;
import static io.harunbooks.lab.messenger.MessengerSimulation.REPLICATE;
import static io.harunbooks.lab.messenger.MessengerSimulation.STOP;
import static io.harunbooks.lab.messenger.MessengerSimulation.TOPO_CHECK;
import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every path of {@code controller-split-brain}, against the lab's controller simulation. */
@Deployment(resources = {"bpmn/controller-split-brain.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/choose-master.form", "forms/escalate-to-support.form"})
class ControllerSplitBrainProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine();

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance start() {
        return pt.start("controller-split-brain", Map.of());
    }

    @Test
    void twoMastersThePersonKeepsVkt04AndVkt03IsReReplicatedAsTheSeedSays() {
        pt.lab.inject(MessengerSimulation.TWO_MASTERS);

        ProcessInstance pi = start();
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ChooseMaster");
        Map<String, Object> evidence = pt.engine.getRuntimeService().getVariables(pi.getId());
        assertThat(evidence).containsEntry("nodeA", "vkt03").containsEntry("nodeB", "vkt04")
                .containsEntry("nodeASelfMain", true).containsEntry("nodeBSelfMain", true)
                .containsEntry("nodeAOutput", fixture("messenger/ipros-cluster-show/two-masters-vkt03.txt"))
                .containsEntry("nodeBOutput", fixture("messenger/ipros-cluster-show/two-masters-vkt04.txt"));
        assertThat(pt.commandsOn("vkt03")).containsExactly(IPROS_CLUSTER_SHOW);

        pt.completeAs("alice", pi, Map.of("master", "vkt04", "decisionComment", "vkt04 got the role first"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_FindControllers", "Task_ShowClusterOnNodeA",
                        "Task_ShowClusterOnNodeB", "Gateway_BothMasters", "Task_ChooseMaster", "Task_DeriveReplica",
                        "Task_RecheckReplica", "Task_StopController", "Task_BackupData", "Task_Rereplicate",
                        "Task_DisableController", "Task_CheckTopology", "Task_ShowClusterAfter", "Gateway_Verified",
                        "EndEvent_Recovered")
                .hasNotPassed("CallActivity_EscalateToSupport", "EndEvent_NoSplitBrain")
                .isEnded();
        assertThat(pt.historicVariable(pi, "replica")).isEqualTo("vkt03");
        assertThat(pt.commandsOn("vkt03")).containsExactly(IPROS_CLUSTER_SHOW, IPROS_CLUSTER_SHOW, STOP,
                COPY_DATA_ASIDE, REPLICATE, DISABLE, TOPO_CHECK, IPROS_CLUSTER_SHOW);
        assertThat(pt.commandsOn("vkt04")).containsExactly(IPROS_CLUSTER_SHOW);

        NodeState vkt03 = pt.lab.node("vkt03");
        NodeState vkt04 = pt.lab.node("vkt04");
        assertThat(vkt04.role()).isEqualTo(Role.MAIN);
        assertThat(vkt04.running()).isTrue();
        assertThat(vkt03.role()).isEqualTo(Role.REPLICA);
        assertThat(vkt03.running()).isTrue();
        assertThat(vkt03.enabled()).isFalse();
        assertThat(vkt03.dataDirs()).hasSize(2).anyMatch(d -> d.matches("/data/ctlr-1\\.\\d{8}_\\d{4}"));
        assertThat(pt.lab.state().topologyOk()).isTrue();

        List<JournalEntry> journal = pt.journal(pi.getId());
        JournalEntry decision = journal.stream().filter(e -> e.kind().equals(JournalEntry.DECISION)).findFirst()
                .orElseThrow();
        assertThat(decision.actor()).isEqualTo("alice");
        assertThat(decision.stdout()).contains("master=vkt04");
        assertThat(journal.stream().filter(e -> e.kind().equals(JournalEntry.COMMAND)
                && e.id() > decision.id()).map(JournalEntry::actor)).isNotEmpty().allMatch("alice"::equals);
    }

    @Test
    void healthyClusterEndsSayingNoSplitBrainAndChangesNothing() {
        ProcessInstance pi = start();
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_NoSplitBrain")
                .hasNotPassed("Task_ChooseMaster", "Task_StopController", "Gateway_MergeEscalation")
                .isEnded();
        assertThat(pt.commandsOn("vkt03")).containsExactly(IPROS_CLUSTER_SHOW);
        assertThat(pt.commandsOn("vkt04")).containsExactly(IPROS_CLUSTER_SHOW);
        assertThat(pt.lab.node("vkt03").role()).isEqualTo(Role.MAIN);
        assertThat(pt.lab.node("vkt04").enabled()).isTrue();
    }

    @Test
    void aMasterThatIsNotOneOfTheTwoControllersIsRefusedAndTheTaskStays() {
        pt.lab.inject(MessengerSimulation.TWO_MASTERS);
        ProcessInstance pi = start();
        pt.executeJobs();
        assertThatThrownBy(() -> pt.completeAs("alice", pi, Map.of("master", "vkt05")))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("master must be one of vkt03, vkt04 but was 'vkt05'");

        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ChooseMaster");
        assertThat(pt.commandsOn("vkt03")).containsExactly(IPROS_CLUSTER_SHOW);
    }

    @Test
    void splitBrainGoneWhileWaitingForThePersonEscalatesWithoutTouchingAnything() {
        pt.lab.inject(MessengerSimulation.TWO_MASTERS);
        ProcessInstance pi = start();
        pt.executeJobs();
        pt.lab.inject(MessengerSimulation.HEALTHY); // someone repaired it by hand meanwhile: vkt03 main, vkt04 replica

        pt.completeAs("bob", pi, Map.of("master", "vkt03"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_RecheckReplica", "Gateway_StillSplit",
                "Task_DescribeStateChanged", "Gateway_MergeEscalation").hasNotPassed("Task_StopController");
        assertThat(pt.commandsOn("vkt04")).containsExactly(IPROS_CLUSTER_SHOW, IPROS_CLUSTER_SHOW);
        pt.assertEscalatedAndFinish(pi, "changed while waiting");
    }

    @Test
    void aFailingCommandDuringReReplicationEscalatesAndStopsThere() {
        pt.lab.inject(MessengerSimulation.TWO_MASTERS);
        ProcessInstance pi = start();
        pt.executeJobs();
        pt.lab.execute("vkt04", STOP); // the chosen master dies before the re-replication: im_deployer refuses

        pt.completeAs("alice", pi, Map.of("master", "vkt04"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_StopController", "Task_BackupData",
                "Gateway_MergeEscalation").hasNotPassed("Task_DisableController", "EndEvent_Recovered");
        assertThat(pt.commandsOn("vkt03")).endsWith(REPLICATE);
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "failure").toString())
                .contains("vkt03").contains(REPLICATE).contains("exited 1").contains("no running ctlr main");
        pt.assertEscalatedAndFinish(pi, "im_deployer");
    }

    @Test
    void anUnreachableControllerEscalatesFromTheCheck() {
        pt.lab.execute("vkt04", STOP);

        ProcessInstance pi = start();
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_CheckFailed", "Gateway_MergeEscalation")
                .hasNotPassed("Gateway_BothMasters");
        pt.assertEscalatedAndFinish(pi, "Connection refused");
    }

    @Test
    void neitherControllerMainEscalates() {
        String neither = "vkt03.weave.local      10.32.88.0:2410 self\nvkt04.weave.local      10.32.96.0:2410 alive\n";
        pt.answer("vkt03", IPROS_CLUSTER_SHOW, 0, neither);
        pt.answer("vkt04", IPROS_CLUSTER_SHOW, 0, fixture("messenger/ipros-cluster-show/re-replicated-vkt03.txt")
                .replace("vkt04.weave.local      10.32.96.0:2410 alive main", "vkt04.weave.local      10.32.96.0:2410 self")
                .replace("vkt03.weave.local      10.32.88.0:2410 self", "vkt03.weave.local      10.32.88.0:2410 alive"));

        ProcessInstance pi = start();
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Gateway_BothMasters", "Task_DescribeNoMaster",
                "Gateway_MergeEscalation").hasNotPassed("Task_ChooseMaster");
        pt.assertEscalatedAndFinish(pi, "self main");
    }

    @Test
    void failedVerificationEscalatesWithTheOutputs() {
        pt.lab.inject(MessengerSimulation.TWO_MASTERS);
        pt.answer("vkt03", TOPO_CHECK, 0, fixture("messenger/ctlr-topo-check/no-active-replicas-vkt03.txt"));
        ProcessInstance pi = start();
        pt.executeJobs();

        pt.completeAs("alice", pi, Map.of("master", "vkt04"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowClusterAfter", "Gateway_Verified",
                "Task_DescribeVerificationFailed", "Gateway_MergeEscalation").hasNotPassed("EndEvent_Recovered");
        pt.assertEscalatedAndFinish(pi, "");
    }
}
