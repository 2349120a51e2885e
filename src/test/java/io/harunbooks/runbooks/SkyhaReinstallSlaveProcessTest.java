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

import static io.harunbooks.lab.skyha.SkyhaSimulation.RESET;
import static io.harunbooks.lab.skyha.SkyhaSimulation.SHOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every path of {@code skyha-reinstall-slave} (seed 004, 全新安装slave主机). */
@Deployment(resources = {"bpmn/skyha-reinstall-slave.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-skyha-reinstall.form", "forms/escalate-to-support.form"})
class SkyhaReinstallSlaveProcessTest {

    static final String INSTALL = "/opt/skylar_ha/skyha install master_ip=192.168.142.171 slave_ip=192.168.142.172 "
            + "vip_master=192.168.142.191 data_dir=/data master_hostname=skyha1 slave_hostname=skyha2 drbd_size=1000";
    static final ProcessTestEngine pt = new ProcessTestEngine(SkyhaLab::system, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilConfirmation() {
        ProcessInstance pi = pt.start("skyha-reinstall-slave", Map.of("node", "skyha2", "startedBy", "alice"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmReinstall");
        return pi;
    }

    @Test
    void slaveIsResetReinstalledAndResyncedWhileTheMasterServes() {
        ProcessInstance pi = startUntilConfirmation();
        assertThat((String) SkyhaLab.var(pt, pi, "reinstallPlan")).contains(RESET).contains(INSTALL);
        assertThatThrownBy(() -> pt.completeAs("alice", pi, Map.of("confirmed", true)))
                .hasMessageContaining("Four-eyes: alice started this run");
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        pt.executeJobs();
        assertThat(SkyhaLab.sim(pt).state().syncPercent()).isNotNull();
        pt.fireTimers();
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowOnMaster", "Task_PreparePlan",
                "Task_ConfirmReinstall", "Task_Reset", "Task_Install", "Task_ShowVerify", "Task_CountCheck",
                "Timer_WaitVerify", "Task_ShowVerify", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skyha2")).containsExactly(RESET, INSTALL);
        assertThat(pt.commandsOn("skyha1")).containsExactly(SHOW, SHOW, SHOW);
        assertThat(SkyhaLab.sim(pt).state().drbdHealthy()).isTrue();
        assertThat(SkyhaLab.sim(pt).state().lostData()).isEmpty();
    }

    @Test
    void theMasterIsNeverReinstalled() {
        ProcessInstance pi = pt.start("skyha-reinstall-slave", Map.of("node", "skyha1"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeMasterNotServing");
        pt.assertEscalatedAndFinish(pi, "never the master itself");
        assertThat(pt.commandsOn("skyha1")).containsExactly(SHOW);
    }

    @Test
    void notWhileTheMasterDoesNotServe() {
        SkyhaLab.sim(pt).inject(SkyhaSimulation.CONTAINER_STOPPED);
        ProcessInstance pi = pt.start("skyha-reinstall-slave", Map.of("node", "skyha2"));
        pt.executeJobs();
        pt.assertEscalatedAndFinish(pi, "resources not started: [redis]");
    }

    @Test
    void cancelledChangesNothing() {
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("bob", pi, Map.of("confirmed", false));
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").isEnded();
        assertThat(pt.commandsOn("skyha2")).isEmpty();
    }

    @Test
    void failingStepsEscalate() {
        pt.answer("skyha2", RESET, 1, "");
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        pt.executeJobs();
        pt.assertEscalatedAndFinish(pi, "skyha2: «/opt/skylar_ha/skyha reset» exited 1");
        pt.reset();
        pt.answer("skyha2", INSTALL, 2, "");
        ProcessInstance install = startUntilConfirmation();
        pt.completeAs("bob", install, Map.of("confirmed", true));
        pt.executeJobs();
        BpmnAwareTests.assertThat(install).hasPassed("BoundaryEvent_InstallFailed");
        pt.assertEscalatedAndFinish(install, "«" + INSTALL + "» exited 2");
    }

    @Test
    void notInSyncAfterTheChecksEscalates() {
        pt.answer("skyha2", INSTALL, 0, "install done\n");
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        pt.executeJobs();
        for (int i = 0; i < 10; i++) {
            pt.fireTimers();
        }
        pt.assertEscalatedAndFinish(pi, "After the reinstallation the pair is not as expected after 10 checks");
    }

    @Test
    void showFailuresEscalate() {
        pt.answer("skyha1", SHOW, 1, "");
        pt.answer("skyha2", SHOW, 1, "");
        ProcessInstance pi = pt.start("skyha-reinstall-slave", Map.of("node", "skyha2"));
        pt.executeJobs();
        pt.assertEscalatedAndFinish(pi, "exited 1");
        pt.reset();
        ProcessInstance verify = startUntilConfirmation();
        pt.completeAs("bob", verify, Map.of("confirmed", true));
        SkyhaLab.runUntil(pt, verify, "Task_ShowVerify");
        pt.answer("skyha1", SHOW, 1, "");
        pt.executeJobs();
        BpmnAwareTests.assertThat(verify).hasPassed("BoundaryEvent_ShowVerifyFailed");
        pt.assertEscalatedAndFinish(verify, "skyha1: «/opt/skylar_ha/skyha show» exited 1");
    }

    @Test
    void anotherDataDirectoryIsPassedToTheInstallerAndAnOptionIsRefusedBeforeAnythingRuns() {
        ProcessInstance pi = pt.start("skyha-reinstall-slave", Map.of("node", "skyha2", "dataDir", "/srv/data"));
        pt.executeJobs();
        assertThat((String) SkyhaLab.var(pt, pi, "reinstallPlan")).contains(" data_dir=/srv/data master_hostname=");

        assertThatThrownBy(() -> io.harunbooks.ssh.CommandTemplate.render("data_dir={{dataDir}}",
                Map.<String, Object>of("dataDir", "--force")::get)).hasMessageContaining("is refused in a command line");
    }
}
