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

import java.util.Map;

import static io.harunbooks.lab.compass.CompassSimulation.UPDATE;
import static io.harunbooks.runbooks.CompassTestLab.PRIMARY;
import static io.harunbooks.runbooks.CompassTestLab.RESERVE;
import static io.harunbooks.runbooks.CompassTestLab.installer;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code compass-config-change} (seed 000, «Изменение конфигурационных файлов»). */
@Deployment(resources = {"bpmn/compass-config-change.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/compass-config-change.form", "forms/escalate-to-support.form"})
class CompassConfigChangeProcessTest {

    static final CompassTestLab lab = CompassTestLab.create();
    static final ProcessTestEngine pt = lab.pt;

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startAndWaitForTheChange() {
        ProcessInstance pi = pt.start("compass-config-change", Map.of());
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ApplyConfigChange");
        assertThat(pt.commands).isEmpty();
        return pi;
    }

    @Test
    void aPersonChangesBothServersThenUpdatePyRunsOnTheReserveFirstThenOnThePrimary() {
        ProcessInstance pi = startAndWaitForTheChange();
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "plannedCommands").toString())
                .contains("1. on the reserve compass-reserve: cd /opt/compass-installer && sudo python3 script/update.py")
                .contains("2. on the primary compass-primary: cd /opt/compass-installer && sudo python3 script/update.py");

        pt.completeAs("alice", pi, Map.of("changedOnBoth", true,
                "changeDescription", "src/values.compass.yaml: smtp host on both servers"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ApplyDefaults", "Task_FindPrimary", "Task_FindReserve",
                "Task_PlanUpdate", "Task_ApplyConfigChange", "Gateway_ChangedOnBoth", "Task_UpdateReserve",
                "Task_UpdatePrimary", "EndEvent_ChangeApplied").isEnded();
        assertThat(lab.sequence()).containsExactly(
                RESERVE + ": " + installer(UPDATE),
                PRIMARY + ": " + installer(UPDATE));
        assertThat(lab.compass.node(RESERVE).updates()).isEqualTo(1);
        assertThat(lab.compass.node(PRIMARY).updates()).isEqualTo(1);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
        assertThat(pt.journal(pi.getId())).filteredOn(e -> e.kind().equals(JournalEntry.DECISION))
                .singleElement().satisfies(d -> assertThat(d.actor()).isEqualTo("alice"));
    }

    @Test
    void theInstallerDirectoryIsAVariable() {
        ProcessInstance pi = pt.start("compass-config-change", Map.of("installerDir", "/srv/compass"));
        pt.executeJobs();
        pt.completeAs("alice", pi, Map.of("changedOnBoth", true, "changeDescription", "x"));
        pt.executeJobs();

        assertThat(lab.sequence()).containsExactly(RESERVE + ": cd /srv/compass && sudo python3 script/update.py");
        pt.assertEscalatedAndFinish(pi, "can't cd to /srv/compass");
    }

    @Test
    void notConfirmedCancelsWithoutUpdating() {
        ProcessInstance pi = startAndWaitForTheChange();

        pt.completeAs("alice", pi, Map.of("changedOnBoth", false, "changeDescription", "not yet"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").hasNotPassed("Task_UpdateReserve").isEnded();
        assertThat(pt.commands).isEmpty();
        assertThat(lab.compass.node(RESERVE).updates()).isZero();
    }

    @Test
    void aFailedUpdateOnTheReserveLeavesThePrimaryAloneAndEscalates() {
        pt.answer(RESERVE, installer(UPDATE), 1, "Traceback (most recent call last):\nKeyError: 'smtp'\n");
        ProcessInstance pi = startAndWaitForTheChange();

        pt.completeAs("alice", pi, Map.of("changedOnBoth", true, "changeDescription", "smtp"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_UpdateReserveFailed", "Task_DescribeReserveFailed")
                .hasNotPassed("Task_UpdatePrimary");
        assertThat(lab.sequence()).containsExactly(RESERVE + ": " + installer(UPDATE));
        assertThat(lab.compass.node(PRIMARY).updates()).isZero();
        pt.assertEscalatedAndFinish(pi, "the primary compass-primary was not updated");
    }

    @Test
    void aFailedUpdateOnThePrimaryEscalatesAfterTheReserveWasUpdated() {
        pt.answer(PRIMARY, installer(UPDATE), 1, "Traceback (most recent call last):\nKeyError: 'smtp'\n");
        ProcessInstance pi = startAndWaitForTheChange();

        pt.completeAs("alice", pi, Map.of("changedOnBoth", true, "changeDescription", "smtp"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_UpdateReserve", "BoundaryEvent_UpdatePrimaryFailed",
                "Task_DescribePrimaryFailed").hasNotPassed("EndEvent_ChangeApplied");
        assertThat(lab.sequence()).containsExactly(RESERVE + ": " + installer(UPDATE), PRIMARY + ": " + installer(UPDATE));
        assertThat(lab.compass.node(RESERVE).updates()).isEqualTo(1);
        pt.assertEscalatedAndFinish(pi, "the servers now run different configurations");
    }
}
