package io.harunbooks.drbd;

import io.harunbooks.audit.JournalEntry;
import io.harunbooks.lab.LabSystem;
import io.harunbooks.lab.skyha.SkyhaSimulation;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** The drbdadm task on its own: command lines, guards of invalidate and discard, state sources, plan mode. */
@Deployment(resources = "bpmn-test/drbdadm-step.bpmn")
class DrbdadmDelegateProcessTest {

    static final String INVALIDATE = "drbdsetup /dev/drbd1 invalidate";
    static final ProcessTestEngine pt = new ProcessTestEngine(clock -> new LabSystem("skyha-lab", "skyha",
            new TreeMap<>(Map.of("skyha1", "127.0.10.31", "skyha2", "127.0.10.32")),
            Map.of("skyha1", List.of("master"), "skyha2", List.of("slave")),
            new SkyhaSimulation("skyha1", "skyha2", clock, Duration.ofSeconds(20))), List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance run(String action, String resource, String target, String confirmed, String source) {
        Map<String, Object> vars = new HashMap<>(Map.of("action", action, "resource", resource, "target", target,
                "stateSource", source));
        if (confirmed != null) {
            vars.put(DrbdadmDelegate.CONFIRMED_NODE, confirmed);
        }
        ProcessInstance pi = pt.start("drbdadm-step", vars);
        pt.executeJobs();
        return pi;
    }

    private String incident(ProcessInstance pi) {
        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident).as("incident").isNotNull();
        return incident.getIncidentMessage();
    }

    @Test
    void invalidateOnTheConfirmedNodeIsSentThroughDrbdsetup() {
        pt.answer("skyha2", INVALIDATE, 0, "");
        ProcessInstance pi = run("invalidate", "1", "slave", "skyha2", "proc-drbd");
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Done").isEnded();
        assertThat(pt.commandsOn("skyha2")).containsExactly("cat /proc/drbd", INVALIDATE);
        assertThat(pt.commandsOn("skyha1")).containsExactly("cat /proc/drbd");
        assertThat(pt.journal(pi.getId())).filteredOn(e -> e.kind().equals(DrbdadmDelegate.GUARD)).singleElement()
                .satisfies(e -> assertThat(e.stdout()).startsWith("invalidate on skyha2 allowed"));
    }

    @Test
    void invalidateWithoutOrWithAnotherConfirmationIsRefusedBeforeSending() {
        assertThat(incident(run("invalidate", "1", "skyha2", null, "proc-drbd")))
                .startsWith("Guard: invalidate on skyha2 refused: no person confirmed whose data is thrown away");
        assertThat(incident(run("invalidate", "1", "skyha2", "skyha1", "proc-drbd")))
                .contains("the confirmation names skyha1 as the node whose data is thrown away, not skyha2");
        assertThat(pt.commandsOn("skyha2")).doesNotContain(INVALIDATE);
    }

    @Test
    void invalidateOfTheOnlyUpToDateDiskIsRefused() {
        pt.answer("skyha1", "cat /proc/drbd", 0, "version: 8.4.7-1\n 1: cs:StandAlone ro:Primary/Unknown "
                + "ds:Outdated/DUnknown C r-----\n");
        assertThat(incident(run("invalidate", "1", "skyha2", "skyha2", "proc-drbd")))
                .contains("skyha2 holds the only UpToDate disk of minor 1 (skyha1: Outdated)");
        assertThat(pt.commandsOn("skyha2")).doesNotContain(INVALIDATE);
    }

    @Test
    void discardReadsDrbd9StatusWhenAsked() {
        pt.answer("skyha2", "drbdadm status", 0, fixture("drbd/drbdadm-status/sample-9-standalone.txt"));
        pt.answer("skyha1", "drbdadm status", 0, fixture("drbd/drbdadm-status/sample-9-connecting-primary.txt"));
        pt.answer("skyha2", "drbdadm -- --discard-my-data connect skydata", 0, "");
        ProcessInstance pi = run("discard-my-data", "skydata", "skyha2", "skyha2", "drbdadm-status");
        BpmnAwareTests.assertThat(pi).isEnded();
        assertThat(pt.commandsOn("skyha2")).containsExactly("drbdadm status",
                "drbdadm -- --discard-my-data connect skydata");
        assertThat(incident(run("discard-my-data", "skydata", "skyha1", "skyha1", "drbdadm-status")))
                .contains("skyha1 is Primary for skydata");
    }

    @Test
    void badInputsAreIncidentsWithNothingSent() {
        assertThat(incident(run("invalidate", "all", "skyha2", "skyha2", "proc-drbd")))
                .contains("invalidate needs a DRBD minor number");
        assertThat(incident(run("down", "all", "skyha2", null, "proc-drbd"))).contains("unknown drbdadm action 'down'");
        assertThat(incident(run("connect", "all;reboot", "skyha2", null, "proc-drbd")))
                .contains("is not a DRBD resource name");
        assertThat(incident(run("discard-my-data", "all", "skyha2", "skyha2", "crm")))
                .contains("'stateSource' must be proc-drbd or drbdadm-status");
        assertThat(pt.commandsOn("skyha2")).isEmpty();
    }

    @Test
    void nonDestructiveActionsAreSentAsIsAndAFailureIsAnIncident() {
        SkyhaSimulation sim = (SkyhaSimulation) pt.simulation;
        sim.inject(SkyhaSimulation.DRBD_SPLIT_BRAIN);
        ProcessInstance pi = run("connect", "all", "skyha2", null, "proc-drbd");
        BpmnAwareTests.assertThat(pi).isEnded();
        assertThat(pt.commandsOn("skyha2")).containsExactly("drbdadm connect all");
        assertThat(incident(run("connect", "all", "skyha2", null, "proc-drbd")))
                .contains("skyha2: «drbdadm connect all» exited 10");
    }

    @Test
    void planModeOnlyJournalsTheCommand() {
        Map<String, Object> vars = new HashMap<>(Map.of("action", "discard-my-data", "resource", "all", "target",
                "skyha2", "stateSource", "proc-drbd", "dryRun", true));
        ProcessInstance pi = pt.start("drbdadm-step", vars);
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isEnded();
        assertThat(pt.commandsOn("skyha2")).isEmpty();
        assertThat(pt.journal(pi.getId())).filteredOn(e -> e.kind().equals(JournalEntry.PLANNED))
                .extracting(JournalEntry::command).containsExactly("drbdadm -- --discard-my-data connect all");
    }
}
