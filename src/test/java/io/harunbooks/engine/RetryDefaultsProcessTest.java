package io.harunbooks.engine;

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

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code runbooks.retries.<task type>}: a step without a retry cycle of its own gets its task type's; exhausted
 * retries become an incident; retrying the incident (as in Cockpit) continues the run. A step's own cycle wins.
 */
@Deployment(resources = {"bpmn-test/ssh-step-default-retries.bpmn", "bpmn-test/ssh-step.bpmn"})
class RetryDefaultsProcessTest {

    static final ProcessTestEngine pt = ProcessTestEngine.withRetryDefaults(
            new RetryDefaults(Map.of("ssh-command", "R4/PT30S")));

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void reset() {
        pt.reset();
    }

    @Test
    void aStepWithoutItsOwnCycleIsTriedAsItsTaskTypeSaysThenIsAnIncidentThatARetryResolves() {
        pt.unreachable("vkt04");
        ProcessInstance pi = pt.start("test-ssh-step-default-retries",
                Map.of("host", "vkt04", "command", "systemctl is-active ctlr-1"));
        pt.executeJobs();

        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident.getIncidentMessage()).contains("vkt04").contains("Connection refused");
        assertThat(pt.journal(pi.getId())).hasSize(4); // R4: four attempts

        pt.reset(); // vkt04 is back
        Job job = pt.engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).singleResult();
        pt.engine.getManagementService().setJobRetries(job.getId(), 1);
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).hasPassed("Task_Step").isEnded();
        assertThat(pt.commandsOn("vkt04")).containsExactly("systemctl is-active ctlr-1");
    }

    @Test
    void aStepsOwnCycleWins() {
        pt.unreachable("vkt04");
        ProcessInstance pi = pt.start("test-ssh-step", Map.of("host", "vkt04", "command", "systemctl is-active ctlr-1"));
        pt.executeJobs();

        assertThat(pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).count())
                .isEqualTo(1);
        assertThat(pt.journal(pi.getId())).hasSize(2); // its own R2
    }

    @Test
    void anUnknownTaskTypeOrCycleIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new RetryDefaults(Map.of("ssh", "R3/PT10S")))
                .hasMessageContaining("runbooks.retries.ssh: no such task type");
        assertThatThrownBy(() -> new RetryDefaults(Map.of("ssh-command", "three times")))
                .hasMessageContaining("runbooks.retries.ssh-command = 'three times' is not a retry time cycle");
    }
}
