package io.harunbooks.engine;

import io.harunbooks.audit.CommandJournal;
import io.harunbooks.audit.JournalEntry;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
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

/**
 * The engine dies while a command runs (the job's transaction is lost; the journal, written before the command was
 * sent, still says it is running). The next attempt of the step runs a read-only command again, but stops a command
 * that changes the system in an incident naming it; once a person retries the incident, it runs again, once.
 */
@Deployment(resources = {"bpmn/kust-replica-resync.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-replica-clean.form", "forms/escalate-to-support.form"})
class CrashInMidCommandProcessTest {

    static final String MAP = "ic map cox";
    static final String CLEAN = "clean_kust_replica.sh cox-1";

    static final ProcessTestEngine pt = new ProcessTestEngine();

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
        pt.lab.inject("kust-replica-failed");
    }

    private ProcessInstance startAndConfirm() {
        ProcessInstance pi = pt.start("kust-replica-resync", Map.of("service", "cox", "instance", "cox-1"));
        pt.executeJobs();
        pt.completeAs("alice", pi, Map.of("confirmed", true));
        return pi;
    }

    private List<JournalEntry> commands(ProcessInstance pi) {
        return pt.journal(pi.getId()).stream().filter(e -> e.kind().equals(JournalEntry.COMMAND)).toList();
    }

    @Test
    void aChangingCommandCutByACrashIsAnIncidentAndRunsAgainOnlyWhenAPersonRetries() {
        pt.crashAfter("vkt04", CLEAN);
        ProcessInstance pi = startAndConfirm();
        pt.executeJobs();
        pt.restartAfterCrash();

        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident.getActivityId()).isEqualTo("Task_CleanReplica");
        assertThat(incident.getIncidentMessage()).contains("«" + CLEAN + "» on vkt04 was running")
                .contains("outcome is unknown").contains("not sent again on its own");
        assertThat(pt.commandsOn("vkt04")).containsExactly(CLEAN); // sent once, before the crash
        List<JournalEntry> journal = commands(pi);
        JournalEntry cut = journal.get(journal.size() - 1);
        assertThat(cut.command()).isEqualTo(CLEAN);
        assertThat(cut.error()).contains("engine stopped while this command ran");
        assertThat(cut.durationMs()).isNotEqualTo(CommandJournal.RUNNING);

        // a person checks vkt04 and retries the step in Cockpit: the command runs again, once, and the run goes on
        Job job = pt.engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).singleResult();
        pt.engine.getManagementService().setJobRetries(job.getId(), 1);
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_CleanReplica", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn("vkt04")).containsExactly(CLEAN, CLEAN);
        assertThat(commands(pi)).filteredOn(e -> e.command().equals(CLEAN)).extracting(JournalEntry::exitCode)
                .containsExactly(null, 0);
    }

    @Test
    void aReadOnlyCommandCutByACrashSimplyRunsAgain() {
        pt.crashAfter("vkt03", MAP);
        ProcessInstance pi = pt.start("kust-replica-resync", Map.of("service", "cox", "instance", "cox-1"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmClean");
        assertThat(pt.engine.getRuntimeService().createIncidentQuery().count()).isZero();
        assertThat(pt.commandsOn("vkt03")).containsExactly(MAP, MAP);
        assertThat(commands(pi)).extracting(JournalEntry::error).first().asString()
                .contains("engine stopped while this command ran");
        assertThat(commands(pi)).extracting(JournalEntry::durationMs).doesNotContain(CommandJournal.RUNNING);
    }
}
