package io.harunbooks.engine;

import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Technical failures that retrying cannot fix become incidents at once; others use the step's retry cycle. */
@Deployment(resources = {"bpmn/controller-split-brain.bpmn", "bpmn/escalate-to-support.bpmn"})
class RetryPolicyProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine();

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void reset() {
        pt.reset();
    }

    private ProcessInstance start(String cluster) {
        return pt.engine.getRuntimeService().createProcessInstanceByKey("controller-split-brain")
                .businessKey(cluster).setVariable("cluster", cluster).execute();
    }

    @Test
    void aClusterMissingFromTheInventoryIsAnIncidentAfterOneAttempt() {
        ProcessInstance pi = start("ghost");
        Job job = pt.engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).singleResult();

        assertThatThrownBy(() -> pt.engine.getManagementService().executeJob(job.getId()))
                .hasMessageContaining("cluster 'ghost' is not in the inventory");

        Job after = pt.engine.getManagementService().createJobQuery().jobId(job.getId()).singleResult();
        assertThat(after.getRetries()).isZero();
        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident.getActivityId()).isEqualTo("Task_FindControllers");
        assertThat(incident.getIncidentMessage()).contains("cluster 'ghost' is not in the inventory");
        assertThat(pt.commands).isEmpty();
    }

    @Test
    void anOrdinaryFailureIsRetriedByTheStepsCycleBeforeItBecomesAnIncident() {
        pt.answer("vkt03", io.harunbooks.lab.messenger.MessengerSimulation.IPROS_CLUSTER_SHOW, 0, "garbage\n");
        ProcessInstance pi = pt.start("controller-split-brain", java.util.Map.of());

        pt.executeJobs();

        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident.getActivityId()).isEqualTo("Task_ShowClusterOnNodeA");
        assertThat(incident.getIncidentMessage()).contains("vkt03: output of «echo ipros_cluster_show")
                .contains("ipros_cluster_show: unexpected line").contains("garbage");
        assertThat(pt.commandsOn("vkt03")).hasSize(3); // R3/PT10S: three attempts
        assertThat(pt.commandsOn("vkt04")).isEmpty();
    }
}
