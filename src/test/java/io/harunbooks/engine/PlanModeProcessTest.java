package io.harunbooks.engine;

import io.harunbooks.audit.JournalEntry;
import io.harunbooks.lab.messenger.MessengerSimulation;
import io.harunbooks.lab.messenger.MessengerSimulation.Role;
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

import static io.harunbooks.lab.messenger.MessengerSimulation.COPY_DATA_ASIDE;
import static io.harunbooks.lab.messenger.MessengerSimulation.DISABLE;
import static io.harunbooks.lab.messenger.MessengerSimulation.IPROS_CLUSTER_SHOW;
import static io.harunbooks.lab.messenger.MessengerSimulation.REPLICATE;
import static io.harunbooks.lab.messenger.MessengerSimulation.STOP;
import static io.harunbooks.lab.messenger.MessengerSimulation.TOPO_CHECK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plan mode ({@code dryRun}): the read-only checks run for real, the changing commands are journaled as planned on
 * the host they would go to and never sent; the lab proves nothing changed. Where the plan reaches the escalation,
 * nobody is asked.
 */
@Deployment(resources = {"bpmn/controller-split-brain.bpmn", "bpmn/kust-replica-resync.bpmn",
        "bpmn/escalate-to-support.bpmn", "forms/choose-master.form", "forms/confirm-replica-clean.form",
        "forms/escalate-to-support.form"})
class PlanModeProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine();

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private static List<String> entries(ProcessInstance pi, String kind) {
        return pt.journal(pi.getId()).stream().filter(e -> e.kind().equals(kind))
                .map(e -> e.host() + ": " + e.command()).toList();
    }

    @Test
    void aSplitBrainPlanChecksForRealAndOnlyPlansTheChangesOnTheChosenReplica() {
        pt.lab.inject(MessengerSimulation.TWO_MASTERS);
        var before = pt.lab.state();

        ProcessInstance pi = pt.start("controller-split-brain", Map.of("dryRun", true));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ChooseMaster");
        pt.completeAs("alice", pi, Map.of("master", "vkt04"));
        pt.executeJobs();

        assertThat(entries(pi, JournalEntry.PLANNED)).containsExactly(
                "vkt03: " + STOP, "vkt03: " + COPY_DATA_ASIDE, "vkt03: " + REPLICATE, "vkt03: " + DISABLE);
        assertThat(entries(pi, JournalEntry.COMMAND)).allSatisfy(c ->
                assertThat(c).matches(".*: (" + java.util.regex.Pattern.quote(IPROS_CLUSTER_SHOW) + "|"
                        + java.util.regex.Pattern.quote(TOPO_CHECK) + ")"));
        assertThat(pt.commandsOn("vkt03")).doesNotContain(STOP, COPY_DATA_ASIDE, REPLICATE, DISABLE);
        assertThat(pt.commandsOn("vkt04")).containsOnly(IPROS_CLUSTER_SHOW);

        // nothing changed: both still main, running, enabled, no data copied aside
        assertThat(pt.lab.state().nodes()).extracting(n -> n.role(), n -> n.running(), n -> n.enabled(),
                n -> n.dataDirs()).containsExactlyElementsOf(before.nodes().stream()
                .map(n -> org.assertj.core.groups.Tuple.tuple(n.role(), n.running(), n.enabled(), n.dataDirs()))
                .toList());
        assertThat(pt.lab.node("vkt03").role()).isEqualTo(Role.MAIN);
        // the real check after the planned changes sees the unchanged split-brain: the plan ends in escalation,
        // and nobody is asked for it
        BpmnAwareTests.assertThat(pi).isEnded();
        assertThat(pt.engine.getTaskService().createTaskQuery().count()).isZero();
        assertThat(pt.engine.getHistoryService().createHistoricActivityInstanceQuery()
                .activityId("EndEvent_PlanWouldEscalate").count()).isEqualTo(1);
    }

    @Test
    void aKustPlanPlansTheCleanOnTheSlaveItFoundAndCleansNothing() {
        pt.lab.inject("kust-replica-failed");

        ProcessInstance pi = pt.start("kust-replica-resync", Map.of("service", "cox", "instance", "cox-1",
                "dryRun", true));
        pt.executeJobs();
        pt.confirm(pi);

        assertThat(entries(pi, JournalEntry.PLANNED)).containsExactly("vkt04: clean_kust_replica.sh cox-1");
        assertThat(entries(pi, JournalEntry.COMMAND)).containsExactly("vkt03: ic map cox", "vkt03: ic map cox");
        assertThat(pt.commandsOn("vkt04")).isEmpty();
        var cox = pt.lab.state().services().kust().get("cox");
        assertThat(cox.replicating()).isFalse();
        assertThat(cox.cleans()).isZero();
    }

    @Test
    void withoutPlanModeTheSameRunSendsTheClean() {
        pt.lab.inject("kust-replica-failed");

        ProcessInstance pi = pt.start("kust-replica-resync", Map.of("service", "cox", "instance", "cox-1"));
        pt.executeJobs();
        pt.confirm(pi);

        assertThat(entries(pi, JournalEntry.PLANNED)).isEmpty();
        assertThat(pt.commandsOn("vkt04")).containsExactly("clean_kust_replica.sh cox-1");
    }
}
