package io.harunbooks.runbooks;

import io.harunbooks.audit.JournalEntry;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code kust-replica-resync} (seed 001, «У сервиса типа KUST реплика не получает данных из мастера»). */
@Deployment(resources = {"bpmn/kust-replica-resync.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-replica-clean.form", "forms/escalate-to-support.form"})
class KustReplicaResyncProcessTest {

    static final String MAP = "ic map cox";
    static final String CLEAN = "clean_kust_replica.sh cox-1";

    static final ProcessTestEngine pt = new ProcessTestEngine();

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance start(String instance) {
        return pt.start("kust-replica-resync", Map.of("service", "cox", "instance", instance));
    }

    @Test
    void theSlaveFoundInTheMapIsCleanedAfterConfirmationAndAFreshCheck() {
        pt.lab.inject("kust-replica-failed");

        ProcessInstance pi = start("cox-1");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmClean");
        assertThat(pt.engine.getRuntimeService().getVariables(pi.getId()))
                .containsEntry("slaveHost", "vkt04").containsEntry("mainHost", "vkt03")
                .containsEntry("slaveFullName", "cox.vkt04.cox-1");
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "plannedCommands").toString())
                .contains("vkt04").contains(CLEAN);
        assertThat(pt.commandsOn("vkt04")).isEmpty();

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ShowServiceMap", "Gateway_SlaveFound", "Task_PlanClean",
                "Task_ConfirmClean", "Gateway_Confirmed", "Task_RecheckServiceMap", "Gateway_SameSlave",
                "Task_CleanReplica", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("vkt03")).containsExactly(MAP, MAP);
        assertThat(pt.commandsOn("vkt04")).containsExactly(CLEAN);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
        var cox = pt.lab.state().services().kust().get("cox");
        assertThat(cox.replicating()).isTrue();
        assertThat(cox.lastCleanHost()).isEqualTo("vkt04");
        assertThat(cox.cleans()).isEqualTo(1);
    }

    @Test
    void declinedConfirmationCleansNothing() {
        pt.lab.inject("kust-replica-failed");
        ProcessInstance pi = start("cox-1");
        pt.executeJobs();

        pt.completeAs("alice", pi, Map.of("confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").hasNotPassed("Task_CleanReplica").isEnded();
        assertThat(pt.commandsOn("vkt04")).isEmpty();
        assertThat(pt.lab.state().services().kust().get("cox").replicating()).isFalse();
    }

    @Test
    void anUnexpectedLastLineOfTheScriptEscalates() {
        pt.lab.inject("kust-clean-unexpected");
        ProcessInstance pi = start("cox-1");
        pt.executeJobs();

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_CleanReplica").hasNotPassed("EndEvent_Recovered");
        assertThat(pt.commandsOn("vkt04")).containsExactly(CLEAN);
        pt.assertEscalatedAndFinish(pi, "ERROR: failed to start cox-1");
    }

    @Test
    void aSlaveThatMovedWhileThePersonDecidedIsNotCleaned() {
        pt.lab.inject("kust-replica-failed");
        ProcessInstance pi = start("cox-1");
        pt.executeJobs();
        pt.answer("vkt03", MAP, 0, """
                node cox-1 (2147483648 buckets)
                  srv cox.vkt03.cox-1 10.32.88.0:2510 alive slave
                  srv cox.vkt04.cox-1 10.32.96.0:2510 alive main
                """);

        pt.confirm(pi);

        BpmnAwareTests.assertThat(pi).hasPassed("Task_RecheckServiceMap").hasNotPassed("Task_CleanReplica");
        assertThat(pt.commandsOn("vkt04")).isEmpty();
        assertThat(pt.commandsOn("vkt03")).containsExactly(MAP, MAP);
        pt.assertEscalatedAndFinish(pi, "");
    }

    @Test
    void anInstanceWithoutSlaveInTheMapEscalatesWithoutTouchingAnything() {
        ProcessInstance pi = start("cox-2");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Gateway_SlaveFound").hasNotPassed("Task_ConfirmClean");
        pt.assertEscalatedAndFinish(pi, "");
        assertThat(pt.commandsOn("vkt04")).isEmpty();
    }

    @Test
    void whenTheFirstNodeIsDownTheMapIsReadOnTheNextOne() {
        pt.lab.inject("kust-replica-failed");
        pt.unreachable("vkt03");

        ProcessInstance pi = start("cox-1");
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmClean");
        assertThat(pt.commandsOn("vkt04")).containsExactly(MAP);
        List<JournalEntry> journal = pt.journal(pi.getId());
        assertThat(journal).extracting(JournalEntry::host).containsExactly("vkt03", "vkt04");
        assertThat(journal.get(0).error()).contains("Connection refused");
        assertThat(journal.get(0).exitCode()).isNull();
    }
}
