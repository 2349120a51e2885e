package io.harunbooks.runbooks;

import io.harunbooks.lab.skyha.SkyhaSimulation;
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

import static io.harunbooks.lab.skyha.SkyhaSimulation.PROC_DRBD;
import static io.harunbooks.lab.skyha.SkyhaSimulation.SHOW;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code skyha-health-check} (seed 004, 查看双机热备状态 / 检查drbd同步状态). */
@Deployment(resources = {"bpmn/skyha-health-check.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/escalate-to-support.form"})
class SkyhaHealthCheckProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(SkyhaLab::system, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance run(String fault) {
        SkyhaLab.sim(pt).inject(fault);
        ProcessInstance pi = pt.start("skyha-health-check", Map.of());
        pt.executeJobs();
        return pi;
    }

    @Test
    void healthyPair() {
        ProcessInstance pi = run(SkyhaSimulation.HEALTHY);
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowOnMaster", "Task_DrbdOnMaster", "Task_DrbdOnSlave",
                "Task_Assess", "EndEvent_Healthy").isEnded();
        assertThat(pt.commandsOn("skyha1")).containsExactly(SHOW, PROC_DRBD);
        assertThat(pt.commandsOn("skyha2")).containsExactly(PROC_DRBD);
        assertThat(pt.historicVariable(pi, "healthReport")).isEqualTo(
                "healthy: master skyha1, slave skyha2, DRBD Connected UpToDate/UpToDate");
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
    }

    @Test
    void splitBrainIsReportedWithBothDrbdStates() {
        ProcessInstance pi = run(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        pt.assertEscalatedAndFinish(pi, "/proc/drbd on skyha1: minor 1: cs:StandAlone ro:Primary/Unknown");
        assertThat(pt.historicVariable(pi, "healthReport").toString())
                .contains("master-skydata not 10000 on both nodes (skyha1: 1000, skyha2: 1000)")
                .contains("/proc/drbd on skyha2: minor 1: cs:StandAlone ro:Secondary/Unknown");
    }

    @Test
    void stoppedContainerStandbyNodeAndBrokenPg() {
        pt.assertEscalatedAndFinish(run(SkyhaSimulation.CONTAINER_STOPPED),
                "resources not started on the master: [redis]");
        pt.reset();
        ProcessInstance standby = run(SkyhaSimulation.NODE_STANDBY);
        // no slave in the DRBD set: its /proc/drbd is not read
        BpmnAwareTests.assertThat(standby).hasNotPassed("Task_DrbdOnSlave");
        pt.assertEscalatedAndFinish(standby, "standby [skyha2]");
        pt.reset();
        pt.assertEscalatedAndFinish(run(SkyhaSimulation.PG_BROKEN), "pgsql-data-status not LATEST");
    }

    @Test
    void masterDownIsSeenFromTheSlave() {
        ProcessInstance pi = run(SkyhaSimulation.MASTER_DOWN);
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowOnMaster", "Task_ShowOnSlave", "Task_DrbdOnMaster");
        assertThat(pt.historicVariable(pi, "currentMaster")).isEqualTo("skyha2");
        pt.assertEscalatedAndFinish(pi, "offline [skyha1]");
        assertThat(pt.commandsOn("skyha2")).containsExactly(SHOW, PROC_DRBD);
    }

    @Test
    void showFailingOnBothNodesEscalates() {
        pt.answer("skyha1", SHOW, 1, "Error: cluster is not currently running on this node");
        pt.answer("skyha2", SHOW, 1, "Error: cluster is not currently running on this node");
        ProcessInstance pi = run(SkyhaSimulation.HEALTHY);
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_ShowOnMasterFailed", "BoundaryEvent_ShowOnSlaveFailed");
        pt.assertEscalatedAndFinish(pi, "skyha2: «/opt/skylar_ha/skyha show» exited 1");
    }

    @Test
    void noMasterEscalates() {
        pt.answer("skyha1", SHOW, 0, "Online: [ skyha1 skyha2 ]\nFull list of resources:\n"
                + "Master/Slave Set: drbd-cluster [skydata]\nSlaves: [ skyha1 skyha2 ]\nResource Group: master-group\n"
                + "skyfs (ocf::heartbeat:Filesystem): Stopped\n");
        ProcessInstance pi = run(SkyhaSimulation.HEALTHY);
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNoMaster");
        pt.assertEscalatedAndFinish(pi, "skyha show lists no DRBD master");
    }

    @Test
    void drbdReadFailuresEscalate() {
        pt.answer("skyha1", PROC_DRBD, 1, "cat: /proc/drbd: No such file or directory");
        ProcessInstance pi = run(SkyhaSimulation.HEALTHY);
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_DrbdOnMasterFailed");
        pt.assertEscalatedAndFinish(pi, "skyha1: «cat /proc/drbd» exited 1");
        pt.reset();
        pt.answer("skyha2", PROC_DRBD, 1, "cat: /proc/drbd: No such file or directory");
        ProcessInstance slave = run(SkyhaSimulation.HEALTHY);
        BpmnAwareTests.assertThat(slave).hasPassed("BoundaryEvent_DrbdOnSlaveFailed");
        pt.assertEscalatedAndFinish(slave, "skyha2: «cat /proc/drbd» exited 1");
    }
}
