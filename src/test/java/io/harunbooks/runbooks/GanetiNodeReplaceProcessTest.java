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
import static io.harunbooks.lab.ganeti.GanetiSimulation.PROC_DRBD;
import static io.harunbooks.lab.ganeti.GanetiSimulation.PUPPET_RESTART;
import static io.harunbooks.lab.ganeti.GanetiSimulation.PUPPET_SSL_CLEAN;
import static io.harunbooks.runbooks.GanetiLab.GNT1;
import static io.harunbooks.runbooks.GanetiLab.GNT2;
import static io.harunbooks.runbooks.GanetiLab.node;
import static io.harunbooks.runbooks.GanetiLab.sim;
import static io.harunbooks.runbooks.GanetiLab.var;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code ganeti-node-replace} (seed 002, «Замена узла на новый»). */
@Deployment(resources = {"bpmn/ganeti-node-replace.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-ganeti-step.form", "forms/ganeti-puppet-clean.form", "forms/escalate-to-support.form"})
class GanetiNodeReplaceProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(GanetiLab::cluster, List.of());
    static final String FORGET = "ssh-keygen -f /root/.ssh/known_hosts -R gnt2";
    static final String READD = "gnt-node add --readd gnt2";

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilConfirmation() {
        return pt.startUntil(GanetiSimulation.NODE_REPLACED, "ganeti-node-replace", Map.of("node", GNT2), "Task_Confirm");
    }

    @Test
    void newNodeIsReaddedItsDisksReplacedPuppetReRegisteredAndDrbdResynced() {
        ProcessInstance pi = startUntilConfirmation();
        assertThat((String) var(pt, pi, "evidence")).contains("Instances with their secondary on gnt2: web1, mail1, db1");
        assertThat((String) var(pt, pi, "plannedCommands")).startsWith(
                "On gnt1: ssh-keygen -f /root/.ssh/known_hosts -R gnt2   (the old node's key)\n"
                        + "On gnt1: gnt-node add --readd gnt2   (re-creates the node in the cluster)\n"
                        + "On gnt1: gnt-instance replace-disks --auto web1\n")
                .contains("A person: gnt-instance console sci, then puppetca --clean gnt2.fqdn");

        pt.confirm(pi);
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_PuppetClean");
        pt.completeAs("bob", pi, Map.of("puppetCleaned", true));
        pt.executeJobs();
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_Confirm", "Task_ForgetOldKey", "Task_Readd",
                "Task_ReplaceDisks", "Task_PuppetClean", "Task_RemovePuppetSsl", "Task_RestartPuppet", "Task_CheckSync",
                "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, NODE_LIST, INSTANCE_LIST, FORGET, READD,
                "gnt-instance replace-disks --auto web1", "gnt-instance replace-disks --auto mail1",
                "gnt-instance replace-disks --auto db1", PROC_DRBD, PROC_DRBD);
        assertThat(pt.commandsOn(GNT2)).containsExactly(PUPPET_SSL_CLEAN, PUPPET_RESTART);
        assertThat(node(pt, GNT2).offline()).isFalse();
        assertThat(node(pt, GNT2).staleHostKey()).isFalse();
        assertThat(sim(pt).state().minors()).allSatisfy(m -> {
            assertThat(m.connection()).isEqualTo("Connected");
            assertThat(m.disks()).containsEntry(GNT2, "UpToDate");
        });
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
    }

    @Test
    void readdFailsWhileTheOldHostKeyIsKnown() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT1, FORGET, 0, "");
        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_ReaddFailed").hasNotPassed("Task_ReplaceDisks");
        pt.assertEscalatedAndFinish(pi, "Host key verification failed");
    }

    @Test
    void notConfirmedChangesNothing() {
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("alice", pi, Map.of("confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").isEnded();
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, NODE_LIST, INSTANCE_LIST);
        assertThat(node(pt, GNT2).offline()).isTrue();
    }

    @Test
    void replacingTheMasterEscalates() {
        sim(pt).inject(GanetiSimulation.NODE_REPLACED);
        ProcessInstance pi = pt.start("ganeti-node-replace", Map.of("node", GNT1));
        pt.executeJobs();

        pt.assertEscalatedAndFinish(pi, "The node to replace, gnt1, is the master");
    }

    @Test
    void failingStepsEscalate() {
        for (String[] failing : new String[][] {{GNT1, FORGET, "BoundaryEvent_ForgetFailed"},
                {GNT1, "gnt-instance replace-disks --auto mail1", "BoundaryEvent_ReplaceFailed"},
                {GNT2, PUPPET_SSL_CLEAN, "BoundaryEvent_SslFailed"}, {GNT2, PUPPET_RESTART, "BoundaryEvent_PuppetFailed"}}) {
            pt.reset();
            ProcessInstance pi = startUntilConfirmation();
            pt.answer(failing[0], failing[1], 1, "");
            pt.confirm(pi);
            if (pt.task(pi) != null && pt.task(pi).getTaskDefinitionKey().equals("Task_PuppetClean")) {
                pt.completeAs("bob", pi, Map.of("puppetCleaned", true));
                pt.executeJobs();
            }

            BpmnAwareTests.assertThat(pi).hasPassed(failing[2]);
            pt.assertEscalatedAndFinish(pi, failing[1]);
        }
    }

    @Test
    void failingChecksEscalate() {
        for (String[] failing : new String[][] {{GETMASTER, "BoundaryEvent_GetMasterFailed"},
                {NODE_LIST, "BoundaryEvent_ListNodesFailed"}, {INSTANCE_LIST, "BoundaryEvent_ListInstancesFailed"}}) {
            pt.reset();
            sim(pt).inject(GanetiSimulation.NODE_REPLACED);
            pt.answer(GNT1, failing[0], 1, "");
            ProcessInstance pi = pt.start("ganeti-node-replace", Map.of("node", GNT2));
            pt.executeJobs();

            BpmnAwareTests.assertThat(pi).hasPassed(failing[1]);
            pt.assertEscalatedAndFinish(pi, failing[0]);
        }
    }

    @Test
    void unknownNodeEscalates() {
        ProcessInstance pi = pt.start("ganeti-node-replace", Map.of("node", "gnt5"));
        pt.executeJobs();
        pt.assertEscalatedAndFinish(pi, "Node gnt5 is not a node of this cluster");
    }

    @Test
    void aFailingSyncCheckEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.confirm(pi);
        pt.completeAs("bob", pi, Map.of("puppetCleaned", true));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_SyncPoll");
        pt.answer(GNT1, PROC_DRBD, 1, "");
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_CheckSyncFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void theForcingStepIsConfirmedByAnotherPersonThanTheOneWhoStartedTheRun() {
        sim(pt).inject(GanetiSimulation.NODE_REPLACED);
        ProcessInstance pi = pt.start("ganeti-node-replace", Map.of("node", GNT2, "startedBy", "alice"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_Confirm");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pt.completeAs("alice", pi, Map.of("confirmed", true)))
                .hasMessageContaining("Four-eyes").hasMessageContaining("alice started this run");
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_Confirm");
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        BpmnAwareTests.assertThat(pi).hasPassed("Task_Confirm");
    }
}
