package io.harunbooks.runbooks;

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

import static io.harunbooks.lab.skyha.SkyhaSimulation.DISABLE_AUTO;
import static io.harunbooks.lab.skyha.SkyhaSimulation.ENABLE_AUTO;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code skyha-auto-recovery} (seed 004, 自动修复). */
@Deployment(resources = {"bpmn/skyha-auto-recovery.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/escalate-to-support.form"})
class SkyhaAutoRecoveryProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(SkyhaLab::system, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    @Test
    void disableThenEnableOnTheChosenNode() {
        ProcessInstance off = pt.start("skyha-auto-recovery", Map.of("node", "skyha2", "action", "disable"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(off).hasPassed("Task_DisableAutoRecovery", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skyha2")).containsExactly(DISABLE_AUTO);
        assertThat(pt.commandsOn("skyha1")).isEmpty();
        assertThat(SkyhaLab.sim(pt).state().nodes().get(1).autoRecovery()).isFalse();

        ProcessInstance on = pt.start("skyha-auto-recovery", Map.of("node", "skyha2", "action", "enable"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(on).hasPassed("Task_EnableAutoRecovery", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("skyha2")).containsExactly(DISABLE_AUTO, ENABLE_AUTO);
        assertThat(SkyhaLab.sim(pt).state().nodes().get(1).autoRecovery()).isTrue();
    }

    @Test
    void failuresEscalate() {
        pt.answer("skyha1", ENABLE_AUTO, 1, "");
        ProcessInstance pi = pt.start("skyha-auto-recovery", Map.of("node", "skyha1", "action", "enable"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_EnableFailed");
        pt.assertEscalatedAndFinish(pi, "skyha1: «/opt/skylar_ha/skyha enable auto_recovery» exited 1");
        pt.reset();
        pt.answer("skyha1", DISABLE_AUTO, 1, "");
        ProcessInstance off = pt.start("skyha-auto-recovery", Map.of("node", "skyha1", "action", "disable"));
        pt.executeJobs();
        BpmnAwareTests.assertThat(off).hasPassed("BoundaryEvent_DisableFailed");
        pt.assertEscalatedAndFinish(off, "skyha1: «/opt/skylar_ha/skyha disable auto_recovery» exited 1");
    }
}
