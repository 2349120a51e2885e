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

import static io.harunbooks.lab.skyha.SkyhaSimulation.DOCKER_PS;
import static io.harunbooks.lab.skyha.SkyhaSimulation.PROC_DRBD;
import static io.harunbooks.lab.skyha.SkyhaSimulation.RECOVER_PG;
import static io.harunbooks.lab.skyha.SkyhaSimulation.SHOW;
import static io.harunbooks.lab.skyha.SkyhaSimulation.UNSTANDBY_ALL;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code skyha-fault-recovery} (seed 004, 故障修复), including the call of skyha-drbd-split-brain. */
@Deployment(resources = {"bpmn/skyha-fault-recovery.bpmn", "bpmn/skyha-drbd-split-brain.bpmn",
        "bpmn/escalate-to-support.bpmn", "forms/confirm-skyha-backup.form", "forms/confirm-skyha-discard.form",
        "forms/escalate-to-support.form"})
class SkyhaFaultRecoveryProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(SkyhaLab::system, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startAfterBackup(String fault) {
        SkyhaLab.sim(pt).inject(fault);
        ProcessInstance pi = pt.start("skyha-fault-recovery", Map.of("startedBy", "alice"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmBackup");
        pt.confirm(pi);
        return pi;
    }

    @Test
    void stoppedRedisIsStartedAgain() {
        ProcessInstance pi = startAfterBackup(SkyhaSimulation.CONTAINER_STOPPED);
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowOnMaster", "Task_ConfirmBackup", "Task_DockerPs",
                "Task_DrbdOnMaster", "Task_Locate", "Task_StartContainer", "Task_ShowVerify", "EndEvent_Recovered")
                .isEnded();
        assertThat(pt.commandsOn("skyha1")).containsExactly(SHOW, DOCKER_PS, PROC_DRBD, "docker start redis", SHOW);
        assertThat(pt.historicVariable(pi, "faultReport").toString()).startsWith("fault: container (redis)");
        assertThat(SkyhaLab.sim(pt).state().nodes().get(0).containers()).contains("redis");
    }

    @Test
    void stoppedBeanstalkdIsStartedAgain() {
        ProcessInstance pi = startAfterBackup(SkyhaSimulation.CONTAINER_STOPPED_BSTKD);
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skyha1")).contains("docker start bstkd").doesNotContain("docker start redis");
    }

    @Test
    void brokenPgIsRecoveredIncrementally() {
        ProcessInstance pi = startAfterBackup(SkyhaSimulation.PG_BROKEN);
        BpmnAwareTests.assertThat(pi).hasPassed("Task_RecoverPg", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skyha1")).containsExactly(SHOW, DOCKER_PS, PROC_DRBD, RECOVER_PG, SHOW);
        assertThat(SkyhaLab.sim(pt).state().pgHealthy()).isTrue();
    }

    @Test
    void nodeInStandbyIsBroughtOnline() {
        ProcessInstance pi = startAfterBackup(SkyhaSimulation.NODE_STANDBY);
        BpmnAwareTests.assertThat(pi).hasPassed("Task_Unstandby", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skyha1")).containsExactly(SHOW, DOCKER_PS, PROC_DRBD, UNSTANDBY_ALL, SHOW);
    }

    @Test
    void healthyPairNeedsNothing() {
        ProcessInstance pi = startAfterBackup(SkyhaSimulation.HEALTHY);
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_NothingToDo").isEnded();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
    }

    @Test
    void noBackupNoRepair() {
        SkyhaLab.sim(pt).inject(SkyhaSimulation.CONTAINER_STOPPED);
        ProcessInstance pi = pt.start("skyha-fault-recovery", Map.of());
        pt.executeJobs();
        pt.completeAs("alice", pi, Map.of("confirmed", false));
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").isEnded();
        assertThat(pt.commandsOn("skyha1")).containsExactly(SHOW);
    }

    @Test
    void drbdFaultIsRepairedByTheSplitBrainRunbook() {
        ProcessInstance pi = startAfterBackup(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        ProcessInstance child = pt.engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();
        BpmnAwareTests.assertThat(child).isWaitingAt("Task_ConfirmDiscard");
        assertThat(pt.engine.getRuntimeService().getVariable(child.getId(), "startedBy")).isEqualTo("alice");
        pt.completeAs("bob", child, Map.of("confirmed", true, "discardNode", "skyha2"));
        pt.executeJobs();
        pt.fireTimers();
        BpmnAwareTests.assertThat(child).hasPassed("EndEvent_Recovered").isEnded();
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_Locate", "CallActivity_DrbdSplitBrain",
                "Task_ShowVerify", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skyha2")).contains("drbdadm -- --discard-my-data connect all");
        assertThat(SkyhaLab.sim(pt).state().drbdHealthy()).isTrue();
    }

    @Test
    void drbdRepairCancelledEndsCancelled() {
        ProcessInstance pi = startAfterBackup(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        ProcessInstance child = pt.engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();
        pt.completeAs("bob", child, Map.of("confirmed", false, "discardNode", "skyha2"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_DrbdNotRepaired").isEnded();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("cancelled");
    }

    @Test
    void masterDownGoesToTheDrbdRunbookWhichEscalates() {
        ProcessInstance pi = startAfterBackup(SkyhaSimulation.MASTER_DOWN);
        assertThat(pt.historicVariable(pi, "currentMaster")).isEqualTo("skyha2");
        ProcessInstance child = pt.engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();
        pt.assertEscalatedAndFinish(child, "skyha show does not list one master and one slave");
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_DrbdNotRepaired").isEnded();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("escalated");
    }

    @Test
    void unknownFaultEscalates() {
        String healthy = SkyhaLab.sim(pt).execute("skyha1", SHOW, () -> "").stdout();
        pt.answer("skyha1", SHOW, 0, healthy.replace("Online: [ skyha1 skyha2 ]", "Online: [ skyha1 ]\nOFFLINE: [ skyha3 ]"));
        ProcessInstance pi = startAfterBackup(SkyhaSimulation.HEALTHY);
        BpmnAwareTests.assertThat(pi).hasPassed("Task_Locate").hasNotPassed("Task_ShowVerify");
        pt.assertEscalatedAndFinish(pi, "skyha-fault-recovery cannot tell which component to repair");
    }

    @Test
    void noMasterEscalates() {
        pt.answer("skyha1", SHOW, 0, "Online: [ skyha1 skyha2 ]\nFull list of resources:\nSlaves: [ skyha1 skyha2 ]\n"
                + "skyfs (ocf::heartbeat:Filesystem): Stopped\n");
        ProcessInstance pi = startAfterBackup(SkyhaSimulation.HEALTHY);
        pt.assertEscalatedAndFinish(pi, "skyha show lists no master");
    }

    @Test
    void failingChecksAndFixesEscalate() {
        pt.answer("skyha1", DOCKER_PS, 1, "Cannot connect to the Docker daemon.");
        pt.assertEscalatedAndFinish(startAfterBackup(SkyhaSimulation.HEALTHY), "skyha1: «docker ps» exited 1");
        pt.reset();
        pt.answer("skyha1", PROC_DRBD, 1, "");
        pt.assertEscalatedAndFinish(startAfterBackup(SkyhaSimulation.HEALTHY), "skyha1: «cat /proc/drbd» exited 1");
        pt.reset();
        pt.answer("skyha1", "docker start redis", 1, "Error: failed to start containers: redis");
        pt.assertEscalatedAndFinish(startAfterBackup(SkyhaSimulation.CONTAINER_STOPPED), "«docker start redis» exited 1");
        pt.reset();
        pt.answer("skyha1", RECOVER_PG, 1, "");
        pt.assertEscalatedAndFinish(startAfterBackup(SkyhaSimulation.PG_BROKEN), "«/opt/skylar_ha/skyha recover pg incr» exited 1");
        pt.reset();
        pt.answer("skyha1", UNSTANDBY_ALL, 1, "");
        pt.assertEscalatedAndFinish(startAfterBackup(SkyhaSimulation.NODE_STANDBY), "«pcs cluster unstandby --all» exited 1");
    }

    @Test
    void repairWithoutEffectEscalatesAfterTheBoundedChecks() {
        pt.answer("skyha1", "docker start redis", 0, "redis\n");
        ProcessInstance pi = startAfterBackup(SkyhaSimulation.CONTAINER_STOPPED);
        for (int i = 0; i < 10; i++) {
            pt.fireTimers();
        }
        pt.assertEscalatedAndFinish(pi, "After the repair the pair is not as expected after 10 checks");
    }

    @Test
    void showFailuresEscalate() {
        pt.answer("skyha1", SHOW, 1, "");
        pt.answer("skyha2", SHOW, 1, "");
        ProcessInstance pi = pt.start("skyha-fault-recovery", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_ShowOnSlaveFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
        pt.reset();
        ProcessInstance verify = startAfterBackup(SkyhaSimulation.CONTAINER_STOPPED);
        BpmnAwareTests.assertThat(verify).hasPassed("Task_ShowVerify");
        pt.reset();
        SkyhaLab.sim(pt).inject(SkyhaSimulation.CONTAINER_STOPPED);
        ProcessInstance failing = pt.start("skyha-fault-recovery", Map.of());
        pt.executeJobs();
        pt.completeAs("alice", failing, Map.of("confirmed", true));
        SkyhaLab.runUntil(pt, failing, "Task_ShowVerify");
        pt.answer("skyha1", SHOW, 1, "");
        pt.executeJobs();
        BpmnAwareTests.assertThat(failing).hasPassed("BoundaryEvent_ShowVerifyFailed");
        pt.assertEscalatedAndFinish(failing, "skyha1: «/opt/skylar_ha/skyha show» exited 1");
    }
}
