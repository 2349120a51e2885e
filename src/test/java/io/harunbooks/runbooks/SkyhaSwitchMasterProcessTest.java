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

import static io.harunbooks.lab.skyha.SkyhaSimulation.SHOW;
import static io.harunbooks.lab.skyha.SkyhaSimulation.SWITCH;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code skyha-switch-master} (seed 004, skyha switch-master-slave). */
@Deployment(resources = {"bpmn/skyha-switch-master.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/escalate-to-support.form"})
class SkyhaSwitchMasterProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(SkyhaLab::system, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance run(String fault) {
        SkyhaLab.sim(pt).inject(fault);
        ProcessInstance pi = pt.start("skyha-switch-master", Map.of());
        pt.executeJobs();
        return pi;
    }

    @Test
    void healthyPairSwitchesOnTheMaster() {
        ProcessInstance pi = run(SkyhaSimulation.HEALTHY);
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowOnMaster", "Task_Switch", "Task_ShowVerify",
                "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skyha1")).containsExactly(SHOW, SWITCH);
        assertThat(pt.commandsOn("skyha2")).containsExactly(SHOW);
        assertThat(SkyhaLab.sim(pt).state().master()).isEqualTo("skyha2");
        assertThat(pt.historicVariable(pi, "verifyMaster")).isEqualTo("skyha2");
    }

    @Test
    void unhealthyPairIsNotSwitched() {
        ProcessInstance pi = run(SkyhaSimulation.NODE_STANDBY);
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeUnhealthy").hasNotPassed("Task_Switch");
        pt.assertEscalatedAndFinish(pi, "skyha switch-master-slave needs a healthy pair; nothing was changed");
        assertThat(SkyhaLab.sim(pt).state().master()).isEqualTo("skyha1");
    }

    @Test
    void refusedSwitchEscalates() {
        pt.answer("skyha1", SWITCH, 1, "skyha switch-master-slave: drbd is not in sync");
        ProcessInstance pi = run(SkyhaSimulation.HEALTHY);
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_SwitchFailed");
        pt.assertEscalatedAndFinish(pi, "skyha1: «/opt/skylar_ha/skyha switch-master-slave» exited 1");
    }

    @Test
    void switchWithoutEffectEscalatesAfterTheBoundedChecks() {
        pt.answer("skyha1", SWITCH, 0, "switch done\n");
        ProcessInstance pi = run(SkyhaSimulation.HEALTHY);
        for (int i = 0; i < 10; i++) {
            pt.fireTimers();
        }
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotVerified");
        assertThat(pt.commandsOn("skyha2")).hasSize(10).containsOnly(SHOW);
        pt.assertEscalatedAndFinish(pi, "After skyha switch-master-slave the pair is not as expected after 10 checks");
    }

    @Test
    void showFailuresEscalate() {
        pt.answer("skyha1", SHOW, 1, "");
        pt.answer("skyha2", SHOW, 1, "");
        ProcessInstance pi = run(SkyhaSimulation.HEALTHY);
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_ShowOnMasterFailed", "BoundaryEvent_ShowOnSlaveFailed");
        pt.assertEscalatedAndFinish(pi, "«/opt/skylar_ha/skyha show» exited 1");
        pt.reset();
        ProcessInstance verify = pt.start("skyha-switch-master", Map.of());
        SkyhaLab.runUntil(pt, verify, "Task_ShowVerify");
        pt.answer("skyha2", SHOW, 1, "");
        pt.executeJobs();
        BpmnAwareTests.assertThat(verify).hasPassed("BoundaryEvent_ShowVerifyFailed");
        pt.assertEscalatedAndFinish(verify, "skyha2: «/opt/skylar_ha/skyha show» exited 1");
    }
}
