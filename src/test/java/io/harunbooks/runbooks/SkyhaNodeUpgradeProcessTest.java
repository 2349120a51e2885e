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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.harunbooks.lab.skyha.SkyhaSimulation.LOSETUP;
import static io.harunbooks.lab.skyha.SkyhaSimulation.RECOVER;
import static io.harunbooks.lab.skyha.SkyhaSimulation.SHOW;
import static io.harunbooks.lab.skyha.SkyhaSimulation.STOP_PACEMAKER;
import static io.harunbooks.lab.skyha.SkyhaSimulation.UNSTANDBY_ALL;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code skyha-node-upgrade} (seed 004, 升级): the person's upgrade is a user task in the middle. */
@Deployment(resources = {"bpmn/skyha-node-upgrade.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-skyha-upgrade-done.form", "forms/escalate-to-support.form"})
class SkyhaNodeUpgradeProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(SkyhaLab::system, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilUpgrade(String node) {
        ProcessInstance pi = pt.start("skyha-node-upgrade", Map.of("node", node));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_Upgrade");
        return pi;
    }

    @ParameterizedTest
    @CsvSource({"skyha2,skyha1", "skyha1,skyha2"})
    void nodeIsTakenOutUpgradedByAPersonAndBroughtBack(String node, String masterAfter) {
        ProcessInstance pi = startUntilUpgrade(node);
        SkyhaSimulation.State during = SkyhaLab.sim(pt).state();
        assertThat(during.master()).isEqualTo(masterAfter);
        assertThat(during.nodes()).filteredOn(n -> n.name().equals(node)).singleElement()
                .satisfies(n -> assertThat(n.pacemaker()).isFalse());
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        pt.executeJobs();
        pt.fireTimers();
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowOnMaster", "Task_Standby", "Task_StopPacemaker",
                "Task_Upgrade", "Task_Losetup", "Task_Recover", "Task_Unstandby", "Task_ShowVerify",
                "EndEvent_Recovered").isEnded();
        List<String> onNode = pt.commandsOn(node);
        assertThat(onNode.subList(onNode.indexOf("pcs cluster standby " + node), onNode.size())).containsExactly(
                "pcs cluster standby " + node, STOP_PACEMAKER, LOSETUP, RECOVER, UNSTANDBY_ALL, SHOW, SHOW);
        assertThat(SkyhaLab.sim(pt).state().drbdHealthy()).isTrue();
        assertThat(SkyhaLab.sim(pt).state().master()).isEqualTo(masterAfter);
    }

    @Test
    void upgradeNotDoneEscalatesWithTheStepsLeft() {
        ProcessInstance pi = startUntilUpgrade("skyha2");
        pt.completeAs("bob", pi, Map.of("confirmed", false));
        pt.executeJobs();
        pt.assertEscalatedAndFinish(pi, "losetup /dev/loop9 /drbd/drbd.img, /opt/skylar_ha/skyha recover");
        assertThat(pt.commandsOn("skyha2")).doesNotContain(LOSETUP);
    }

    @Test
    void unhealthyPairIsNotUpgraded() {
        SkyhaLab.sim(pt).inject(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        ProcessInstance pi = pt.start("skyha-node-upgrade", Map.of("node", "skyha2"));
        pt.executeJobs();
        pt.assertEscalatedAndFinish(pi, "the pair must be healthy first");
    }

    @ParameterizedTest
    @CsvSource({"pcs cluster standby skyha2,BoundaryEvent_StandbyFailed,false",
            "systemctl stop pacemaker.service,BoundaryEvent_StopPacemakerFailed,false",
            "losetup /dev/loop9 /drbd/drbd.img,BoundaryEvent_LosetupFailed,true",
            "/opt/skylar_ha/skyha recover,BoundaryEvent_RecoverFailed,true",
            "pcs cluster unstandby --all,BoundaryEvent_UnstandbyFailed,true"})
    void failingStepsEscalate(String command, String boundary, boolean afterUpgrade) {
        pt.answer("skyha2", command, 1, "failed");
        ProcessInstance pi = pt.start("skyha-node-upgrade", Map.of("node", "skyha2"));
        pt.executeJobs();
        if (afterUpgrade) {
            pt.completeAs("bob", pi, Map.of("confirmed", true));
            pt.executeJobs();
        }
        BpmnAwareTests.assertThat(pi).hasPassed(boundary);
        pt.assertEscalatedAndFinish(pi, "skyha2: «" + command + "» exited 1");
    }

    @Test
    void notHealthyAfterTheUpgradeEscalatesAfterTheChecks() {
        ProcessInstance pi = startUntilUpgrade("skyha2");
        pt.answer("skyha2", UNSTANDBY_ALL, 0, "");
        pt.completeAs("bob", pi, Map.of("confirmed", true));
        pt.executeJobs();
        for (int i = 0; i < 10; i++) {
            pt.fireTimers();
        }
        pt.assertEscalatedAndFinish(pi, "After the upgrade the pair is not as expected after 10 checks");
    }

    @Test
    void showFailuresEscalate() {
        pt.answer("skyha1", SHOW, 1, "");
        pt.answer("skyha2", SHOW, 1, "");
        ProcessInstance pi = pt.start("skyha-node-upgrade", Map.of("node", "skyha2"));
        pt.executeJobs();
        pt.assertEscalatedAndFinish(pi, "exited 1");
        pt.reset();
        ProcessInstance verify = startUntilUpgrade("skyha2");
        pt.completeAs("bob", verify, Map.of("confirmed", true));
        SkyhaLab.runUntil(pt, verify, "Task_ShowVerify");
        pt.answer("skyha2", SHOW, 1, "");
        pt.executeJobs();
        BpmnAwareTests.assertThat(verify).hasPassed("BoundaryEvent_ShowVerifyFailed");
        pt.assertEscalatedAndFinish(verify, "skyha2: «/opt/skylar_ha/skyha show» exited 1");
    }
}
