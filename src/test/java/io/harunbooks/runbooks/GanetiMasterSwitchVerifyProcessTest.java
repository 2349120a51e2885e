package io.harunbooks.runbooks;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabSystem;
import io.harunbooks.support.ProcessTestEngine;
import io.harunbooks.support.ScriptedSimulation;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.harunbooks.runbooks.GanetiLab.GNT2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ganeti-master-switch}: the check after the switch fails although the same command answered before it (the
 * new master's getmaster exits 1): the run escalates after the switch, naming the failure.
 */
@Deployment(resources = {"bpmn/ganeti-master-switch.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/escalate-to-support.form"})
class GanetiMasterSwitchVerifyProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(clock -> {
        LabSystem lab = GanetiLab.cluster(clock);
        return new LabSystem(lab.cluster(), lab.system(), lab.hosts(), lab.roles(),
                new ScriptedSimulation(lab.simulation()));
    }, List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    @Test
    void aFailingGetmasterOnTheNewMasterAfterTheSwitchEscalates() {
        // the first getmaster on gnt2 (before the switch) is the simulation's; the second (after it) fails
        ((ScriptedSimulation) pt.simulation).then(GNT2, "gnt-cluster getmaster", null,
                new LabAnswer(1, "", "Cannot connect to the master daemon\n"));
        ProcessInstance pi = pt.start("ganeti-master-switch", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_VerifyMaster", "BoundaryEvent_VerifyMasterFailed");
        assertThat(pt.commandsOn(GNT2)).contains("gnt-cluster master-failover");
        assertThat(pt.commandsOn(GNT2).stream().filter("gnt-cluster getmaster"::equals).count()).isEqualTo(2);
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }
}
