package io.harunbooks.runbooks;

import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code autoflip-unblock} (seed 001, «Проблемы с блокировкой повторного переключения ролей»). */
@Deployment(resources = {"bpmn/autoflip-unblock.bpmn", "bpmn/kust-replica-resync.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-replica-clean.form", "forms/escalate-to-support.form"})
class AutoflipUnblockProcessTest {

    static final String MAP = "ic map fate";
    static final String ENABLE = "ic set_autoflip fate enable";

    static final ProcessTestEngine pt = new ProcessTestEngine();

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance start(Map<String, Object> variables) {
        ProcessInstance pi = pt.start("autoflip-unblock", variables);
        pt.executeJobs();
        return pi;
    }

    @Test
    void blockedAutoflipIsEnabledAndVerified() {
        pt.lab.inject("autoflip-blocked");

        ProcessInstance pi = start(Map.of("service", "fate"));

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowServiceMap", "Gateway_Blocked", "Gateway_RepairFirst",
                "Task_EnableAutoflip", "Task_VerifyAutoflip", "Gateway_Enabled", "EndEvent_Recovered")
                .hasNotPassed("CallActivity_RepairReplication").isEnded();
        assertThat(pt.commandsOn("vkt03")).containsExactly(MAP, ENABLE, MAP);
        assertThat(pt.historicVariable(pi, "autoflipEnabled")).isEqualTo(true);
        assertThat(pt.lab.state().services().autoflip().get("fate").enabled()).isTrue();
    }

    @Test
    void brokenReplicationIsRepairedFirstThroughItsRunbook() {
        pt.lab.inject("autoflip-blocked-kust-broken");

        ProcessInstance pi = start(Map.of("service", "fate", "repairRunbook", "kust-replica-resync",
                "repairService", "cox", "repairInstance", "cox-1"));

        BpmnAwareTests.assertThat(pi).isWaitingAt("CallActivity_RepairReplication");
        ProcessInstance repair = pt.engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();
        assertThat(repair.getProcessDefinitionId()).startsWith("kust-replica-resync:");
        assertThat(pt.engine.getRuntimeService().getVariables(repair.getId()))
                .containsEntry("service", "cox").containsEntry("instance", "cox-1");
        assertThat(pt.commandsOn("vkt03")).containsExactly(MAP, "ic map cox");

        pt.completeAs("alice", repair, Map.of("confirmed", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(repair).hasPassed("EndEvent_Recovered").isEnded();
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("CallActivity_RepairReplication", "Gateway_Repaired",
                "Task_EnableAutoflip", "Task_VerifyAutoflip", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("vkt04")).containsExactly("clean_kust_replica.sh cox-1");
        assertThat(pt.commandsOn("vkt03")).containsExactly(MAP, "ic map cox", "ic map cox", ENABLE, MAP);
        assertThat(pt.historicVariable(pi, "repairOutcome")).isEqualTo("recovered");
        var fate = pt.lab.state().services().autoflip().get("fate");
        assertThat(fate.enabled()).isTrue();
        assertThat(fate.enabledWhileReplicationBroken()).isFalse();
    }

    @Test
    void aCancelledRepairLeavesAutoflipBlockedAndEscalates() {
        pt.lab.inject("autoflip-blocked-kust-broken");
        ProcessInstance pi = start(Map.of("service", "fate", "repairRunbook", "kust-replica-resync",
                "repairService", "cox", "repairInstance", "cox-1"));
        ProcessInstance repair = pt.engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();

        if (pt.task(repair) != null) {
            pt.completeAs("alice", repair, Map.of("confirmed", false));
        }
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Gateway_Repaired").hasNotPassed("Task_EnableAutoflip");
        assertThat(pt.commandsOn("vkt03")).doesNotContain(ENABLE);
        pt.assertEscalatedAndFinish(pi, "autoflip left blocked");
    }

    @Test
    void notBlockedChangesNothing() {
        ProcessInstance pi = start(Map.of("service", "fate"));

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_NotBlocked").hasNotPassed("Task_EnableAutoflip").isEnded();
        assertThat(pt.commandsOn("vkt03")).containsExactly(MAP);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
    }

    @Test
    void autoflipStillDisabledAfterTheCommandEscalates() {
        pt.lab.inject("autoflip-blocked");
        pt.answer("vkt03", ENABLE, 0, "OK\n");
        pt.answer("vkt03", MAP, 0, fixture("messenger/ic-map/fate-autoflip-blocked.txt"));

        ProcessInstance pi = start(Map.of("service", "fate"));

        BpmnAwareTests.assertThat(pi).hasPassed("Task_VerifyAutoflip").hasNotPassed("EndEvent_Recovered");
        pt.assertEscalatedAndFinish(pi, "");
    }
}
