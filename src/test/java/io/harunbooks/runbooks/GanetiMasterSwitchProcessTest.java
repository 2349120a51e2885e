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
import static io.harunbooks.lab.ganeti.GanetiSimulation.MASTER_FAILOVER;
import static io.harunbooks.lab.ganeti.GanetiSimulation.NODE_LIST;
import static io.harunbooks.runbooks.GanetiLab.GNT1;
import static io.harunbooks.runbooks.GanetiLab.GNT2;
import static io.harunbooks.runbooks.GanetiLab.sim;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code ganeti-master-switch} (seed 002, «Штатное переключение master-узла»). */
@Deployment(resources = {"bpmn/ganeti-master-switch.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/escalate-to-support.form"})
class GanetiMasterSwitchProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(GanetiLab::cluster, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    @Test
    void candidateBecomesMasterWithMasterFailover() {
        ProcessInstance pi = pt.start("ganeti-master-switch", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_GetMasterOnFirst", "Task_GetMasterOnSecond",
                "Task_ClassifyPair", "Task_ListNodes", "Task_MasterFailover", "Task_VerifyMaster", "Task_VerifyMasterd",
                "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn(GNT1)).containsExactly(GETMASTER, NODE_LIST);
        assertThat(pt.commandsOn(GNT2)).containsExactly(GETMASTER, MASTER_FAILOVER, GETMASTER, NODE_LIST);
        assertThat(sim(pt).state().master()).isEqualTo(GNT2);
        assertThat(sim(pt).state().masterdRunningOn()).containsExactly(GNT2);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
    }

    @Test
    void switchesBackWhenGnt2IsMaster() {
        pt.start("ganeti-master-switch", Map.of());
        pt.executeJobs();
        ProcessInstance back = pt.start("ganeti-master-switch", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(back).hasPassed("EndEvent_Recovered");
        assertThat(sim(pt).state().master()).isEqualTo(GNT1);
    }

    @Test
    void aNodeDownEscalates() {
        sim(pt).inject(GanetiSimulation.NODE_CRASHED);
        ProcessInstance pi = pt.start("ganeti-master-switch", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_NoteSecondDown", "Task_DescribeNotBothUp");
        pt.assertEscalatedAndFinish(pi, "A planned master switch needs both nodes");
        assertThat(sim(pt).state().master()).isEqualTo(GNT1);
    }

    @Test
    void offlineNodeIsNoCandidate() {
        sim(pt).inject(GanetiSimulation.NODE_OFFLINE);
        ProcessInstance pi = pt.start("ganeti-master-switch", Map.of());
        pt.executeJobs();

        pt.assertEscalatedAndFinish(pi, "gnt2 is OFFLINE, not a master candidate");
        assertThat(pt.commandsOn(GNT2)).containsExactly(GETMASTER);
    }

    @Test
    void failingMasterFailoverEscalates() {
        pt.answer(GNT2, MASTER_FAILOVER, 1, "");
        ProcessInstance pi = pt.start("ganeti-master-switch", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_MasterFailoverFailed");
        pt.assertEscalatedAndFinish(pi, "gnt-cluster master-failover");
    }

    @Test
    void masterNotChangedEscalates() {
        pt.answer(GNT2, MASTER_FAILOVER, 0, "");
        pt.answer(GNT2, NODE_LIST, 0, "Node Role Pinst Sinst\ngnt1 M 2 1\ngnt2 C 1 2\n");
        ProcessInstance pi = pt.start("ganeti-master-switch", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotSwitched");
        pt.assertEscalatedAndFinish(pi, "the master is gnt1");
    }

    @Test
    void failingChecksEscalate() {
        pt.answer(GNT1, NODE_LIST, 1, "");
        ProcessInstance pi = pt.start("ganeti-master-switch", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_ListNodesFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");

        pt.reset();
        pt.answer(GNT2, NODE_LIST, 1, "");
        ProcessInstance second = pt.start("ganeti-master-switch", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(second).hasPassed("BoundaryEvent_VerifyMasterdFailed");
        pt.assertEscalatedAndFinish(second, "exited 1");
    }
}
