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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.harunbooks.lab.ganeti.GanetiSimulation.GANETI_RESTART;
import static io.harunbooks.lab.ganeti.GanetiSimulation.GETMASTER;
import static io.harunbooks.lab.ganeti.GanetiSimulation.NODE_LIST;
import static io.harunbooks.lab.ganeti.GanetiSimulation.PROC_DRBD;
import static io.harunbooks.lab.ganeti.GanetiSimulation.REDIST_CONF;
import static io.harunbooks.lab.ganeti.GanetiSimulation.VERIFY_DISKS;
import static io.harunbooks.runbooks.GanetiLab.GNT1;
import static io.harunbooks.runbooks.GanetiLab.GNT2;
import static io.harunbooks.runbooks.GanetiLab.node;
import static io.harunbooks.runbooks.GanetiLab.sim;
import static io.harunbooks.runbooks.GanetiLab.var;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code ganeti-node-return} (seed 002, «Возврат основного узла в строй», «Возврат узла в кластер»). */
@Deployment(resources = {"bpmn/ganeti-node-return.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/choose-ganeti-node-return.form", "forms/escalate-to-support.form"})
class GanetiNodeReturnProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(GanetiLab::cluster, List.of());
    static final String ONLINE = "gnt-node modify -C yes -O no gnt2";
    static final String READD = "gnt-node add --readd gnt2";

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilChoice() {
        return pt.startUntil(GanetiSimulation.NODE_OFFLINE, "ganeti-node-return", Map.of("node", GNT2), "Task_ChooseWay");
    }

    @Test
    void offlinedNodeWithItsDataIsPutOnlineConfiguredRestartedAndResynced() {
        ProcessInstance pi = startUntilChoice();
        assertThat(var(pt, pi, "wasOffline")).isEqualTo(true);
        assertThat((String) var(pt, pi, "plannedCommands")).startsWith("Data intact (default):\n"
                + "  On gnt1: gnt-node modify -C yes -O no gnt2\n  On gnt1: gnt-cluster redist-conf\n"
                + "  On gnt2: /etc/init.d/ganeti restart\n");

        pt.completeAs("alice", pi, Map.of("confirmed", true, "readd", false));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_SyncPoll");
        assertThat(pt.waitingTimers()).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30)));
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_GetMaster", "Task_ListNodes", "Task_ProbeNode",
                "Task_Plan", "Task_ChooseWay", "Task_Online", "Task_RedistConf", "Task_RestartGaneti",
                "Task_VerifyDisks", "Task_CheckSync", "Timer_SyncPoll", "Task_CheckSync", "EndEvent_Recovered")
                .hasNotPassed("Task_Readd").isEnded();
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, NODE_LIST, ONLINE, REDIST_CONF, VERIFY_DISKS,
                PROC_DRBD, PROC_DRBD);
        assertThat(pt.commandsOn(GNT2)).containsExactly(GETMASTER, GANETI_RESTART);
        assertThat(node(pt, GNT2).offline()).isFalse();
        assertThat(node(pt, GNT2).masterCandidate()).isTrue();
        assertThat(sim(pt).state().minors()).allSatisfy(m -> assertThat(m.connection()).isEqualTo("Connected"));
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
    }

    @Test
    void inDoubtTheNodeIsReadded() {
        ProcessInstance pi = startUntilChoice();

        pt.completeAs("alice", pi, Map.of("confirmed", true, "readd", true));
        pt.executeJobs();
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_Readd", "Task_VerifyDisks", "EndEvent_Recovered")
                .hasNotPassed("Task_Online", "Task_RedistConf", "Task_RestartGaneti").isEnded();
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, NODE_LIST, READD, VERIFY_DISKS, PROC_DRBD, PROC_DRBD);
        assertThat(node(pt, GNT2).offline()).isFalse();
    }

    @Test
    void aNodeThatWasNotOfflinedIsOnlyReconfigured() {
        sim(pt).inject(GanetiSimulation.HEALTHY);
        ProcessInstance pi = pt.start("ganeti-node-return", Map.of("node", GNT2));
        pt.executeJobs();
        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_RedistConf", "EndEvent_Recovered").hasNotPassed("Task_Online",
                "Timer_SyncPoll").isEnded();
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, NODE_LIST, REDIST_CONF, VERIFY_DISKS, PROC_DRBD);
    }

    @Test
    void notConfirmedChangesNothing() {
        ProcessInstance pi = startUntilChoice();
        pt.completeAs("alice", pi, Map.of("confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").isEnded();
        assertThat(node(pt, GNT2).offline()).isTrue();
    }

    @Test
    void silentNodeEscalates() {
        sim(pt).inject(GanetiSimulation.NODE_CRASHED);
        ProcessInstance pi = pt.start("ganeti-node-return", Map.of("node", GNT2));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNodeSilent");
        pt.assertEscalatedAndFinish(pi, "gnt2 does not answer over SSH");
    }

    @Test
    void unknownNodeEscalates() {
        ProcessInstance pi = pt.start("ganeti-node-return", Map.of("node", "gnt7"));
        pt.executeJobs();
        pt.assertEscalatedAndFinish(pi, "Node gnt7 is not a node of this cluster");
    }

    @Test
    void drbdNeverInSyncEscalatesAfterTheBudget() {
        ProcessInstance pi = startUntilChoice();
        pt.answer(GNT1, PROC_DRBD, 0, "version: 8.3.11 (api:88/proto:86-96)\n"
                + "21: cs:WFConnection ro:Primary/Unknown ds:UpToDate/DUnknown C r-----\n");
        pt.confirm(pi);
        for (int i = 0; i < 25 && pt.engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).count() == 0; i++) {
            pt.fireTimers();
        }

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotSynced");
        assertThat(pt.commandsOn(GNT1).stream().filter(PROC_DRBD::equals)).hasSize(20);
        pt.assertEscalatedAndFinish(pi, "DRBD did not get back to Connected UpToDate/UpToDate within 20 checks");
    }

    @Test
    void failingStepsEscalate() {
        for (String[] failing : new String[][] {{GNT1, ONLINE, "BoundaryEvent_OnlineFailed"},
                {GNT1, REDIST_CONF, "BoundaryEvent_RedistFailed"}, {GNT2, GANETI_RESTART, "BoundaryEvent_RestartFailed"},
                {GNT1, VERIFY_DISKS, "BoundaryEvent_VerifyDisksFailed"}, {GNT1, PROC_DRBD, "BoundaryEvent_CheckSyncFailed"}}) {
            pt.reset();
            ProcessInstance pi = startUntilChoice();
            pt.answer(failing[0], failing[1], 1, "");
            pt.confirm(pi);

            BpmnAwareTests.assertThat(pi).hasPassed(failing[2]);
            pt.assertEscalatedAndFinish(pi, failing[1]);
        }
        pt.reset();
        ProcessInstance pi = startUntilChoice();
        pt.answer(GNT1, READD, 1, "");
        pt.completeAs("alice", pi, Map.of("confirmed", true, "readd", true));
        pt.executeJobs();
        pt.assertEscalatedAndFinish(pi, READD);
    }

    @Test
    void failingChecksBeforeTheChoiceEscalate() {
        pt.answer(GNT1, GETMASTER, 1, "");
        ProcessInstance pi = pt.start("ganeti-node-return", Map.of("node", GNT2));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_GetMasterFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");

        pt.reset();
        pt.answer(GNT1, NODE_LIST, 1, "");
        ProcessInstance second = pt.start("ganeti-node-return", Map.of("node", GNT2));
        pt.executeJobs();
        BpmnAwareTests.assertThat(second).hasPassed("BoundaryEvent_ListNodesFailed");
        pt.assertEscalatedAndFinish(second, "exited 1");
    }
}
