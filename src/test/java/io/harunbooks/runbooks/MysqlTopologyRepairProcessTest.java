package io.harunbooks.runbooks;

import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code mysql-topology-repair} (seed 001, «У сервиса типа MySQL проблемы с топологией кластера»). */
@Deployment(resources = {"bpmn/mysql-topology-repair.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/escalate-to-support.form"})
class MysqlTopologyRepairProcessTest {

    static final String TOPO = "/usr/local/bin/orch_topo.sh";
    static final String FILES_1 = "files-mysql-mysql-cluster-im-db-mysql-1.mysql.files:3306";
    static final String STORE_1 = "store-mysql-mysql-cluster-im-db-mysql-1.mysql.store:3306";
    static final String REUP_FILES = "im_utils --reup-mysql-replica " + FILES_1;
    static final String PODS_FILES = "kubectl -n files get po";

    static final ProcessTestEngine pt = new ProcessTestEngine();

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance start(String fault) {
        pt.lab.inject(fault);
        ProcessInstance pi = pt.start("mysql-topology-repair", Map.of());
        pt.executeJobs();
        return pi;
    }

    /** Fires timers until the run no longer waits on one (bounded). */
    private void fireUntilSettled() {
        for (int i = 0; i < 50 && !pt.waitingTimers().isEmpty(); i++) {
            pt.fireTimers();
        }
    }

    @Test
    void aBrokenReplicaIsReUppedThePodAwaitedAndTheTopologyRechecked() {
        ProcessInstance pi = start("mysql-broken-replica");

        // right after the re-up kubectl may still list the old pod as 5/5 Running: the first poll waits too
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_PodPollInterval").hasNotPassed("Task_GetPods");
        assertThat(pt.commandsOn("vkt03")).containsExactly(TOPO, REUP_FILES);
        assertThat(pt.engine.getRuntimeService().getVariables(pi.getId()))
                .containsEntry("brokenReplica", FILES_1).containsEntry("namespace", "files")
                .containsEntry("pod", "files-mysql-mysql-cluster-im-db-mysql-1").containsEntry("podPolls", 0)
                .doesNotContainKey("podReady");
        assertThat(pt.waitingTimers()).singleElement().satisfies(d ->
                assertThat(d).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30)));

        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_PodPollInterval");
        assertThat(pt.commandsOn("vkt03")).containsExactly(TOPO, REUP_FILES, PODS_FILES);
        assertThat(pt.engine.getRuntimeService().getVariables(pi.getId()))
                .containsEntry("podReady", false).containsEntry("podPolls", 1);

        fireUntilSettled();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ApplyDefaults", "Task_ShowTopology", "Gateway_Classify",
                "Task_RecordRepair", "Task_ReupReplica", "Task_ResetPodPolls", "Gateway_MergePodWait",
                "Timer_PodPollInterval", "Task_GetPods", "Gateway_PodReady", "Task_CountPodPoll", "Gateway_PollBudget",
                "Gateway_MergePodWait", "Timer_PodPollInterval", "Task_GetPods", "Task_ShowTopology",
                "EndEvent_TopologyOk").isEnded();
        List<String> commands = pt.commandsOn("vkt03");
        assertThat(commands.get(0)).isEqualTo(TOPO);
        assertThat(commands.get(1)).isEqualTo(REUP_FILES);
        assertThat(commands.subList(2, commands.size() - 1)).hasSizeGreaterThan(1).allMatch(PODS_FILES::equals);
        assertThat(commands.get(commands.size() - 1)).isEqualTo(TOPO);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
        var files = pt.lab.state().services().mysql().get("files");
        assertThat(files.replicaStatus()).isEqualTo("ok");
        assertThat(files.podReady()).isEqualTo("5/5");
        assertThat(files.reups()).isEqualTo(1);
    }

    @Test
    void oneRunRepairsEveryBrokenReplicaOneAfterAnother() {
        ProcessInstance pi = start("mysql-two-broken");
        fireUntilSettled();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_TopologyOk").isEnded();
        assertThat(pt.commandsOn("vkt03")).containsSubsequence(TOPO, REUP_FILES, PODS_FILES, TOPO,
                "im_utils --reup-mysql-replica " + STORE_1, "kubectl -n store get po", TOPO);
        assertThat(pt.historicVariable(pi, "repairedReplicas").toString()).contains(FILES_1).contains(STORE_1);
        assertThat(pt.lab.state().services().mysql().values())
                .allSatisfy(c -> assertThat(c.replicaStatus()).isEqualTo("ok"));
    }

    @Test
    void errantTransactionsAreFixedThenCheckedAfterTheWait() {
        ProcessInstance pi = start("mysql-errant");

        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_ErrantWait");
        assertThat(pt.waitingTimers()).singleElement().satisfies(d ->
                assertThat(d).isBetween(Duration.ofMinutes(2).minusSeconds(5), Duration.ofMinutes(2)));
        fireUntilSettled();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowTopology", "Task_RecordErrantFix", "Task_FixErrants",
                "Timer_ErrantWait", "Task_ShowTopology", "EndEvent_TopologyOk").hasNotPassed("Task_ReupReplica");
        assertThat(pt.commandsOn("vkt03")).containsExactly(TOPO, "im_utils --orch-fix-errants " + FILES_1, TOPO);
    }

    @Test
    void twoMastersGoToSupportUntouched() {
        ProcessInstance pi = start("mysql-two-masters");

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNeedsSupport").hasNotPassed("Task_ReupReplica");
        assertThat(pt.commandsOn("vkt03")).containsExactly(TOPO);
        pt.assertEscalatedAndFinish(pi, "");
    }

    @Test
    void aReplicaWithoutMasterGoesToSupportUntouched() {
        ProcessInstance pi = start("mysql-replica-without-master");

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNeedsSupport");
        assertThat(pt.commandsOn("vkt03")).containsExactly(TOPO);
        pt.assertEscalatedAndFinish(pi, "");
    }

    @Test
    void aPodThatNeverBecomesReadyEscalatesAfterTheBoundedPolls() {
        pt.lab.inject("mysql-pod-never-ready");
        ProcessInstance pi = pt.start("mysql-topology-repair", Map.of("podPollMax", 3));
        pt.executeJobs();
        fireUntilSettled();

        assertThat(pt.commandsOn("vkt03").stream().filter(PODS_FILES::equals)).hasSize(3);
        assertThat(pt.historicVariable(pi, "podPolls")).isEqualTo(3);
        BpmnAwareTests.assertThat(pi).hasPassed("Gateway_PollBudget").hasNotPassed("EndEvent_TopologyOk");
        pt.assertEscalatedAndFinish(pi, "files-mysql-mysql-cluster-im-db-mysql-1");
    }

    @Test
    void aHealthyTopologyChangesNothing() {
        ProcessInstance pi = start("healthy");

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_TopologyOk").isEnded();
        assertThat(pt.commandsOn("vkt03")).containsExactly(TOPO);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
    }
}
