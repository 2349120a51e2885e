package io.harunbooks.audit;

import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who may confirm a destructive step comes from configuration ({@code runbooks.four-eyes.candidate-groups} and
 * {@code candidate-users}), replacing the model's candidates on four-eyes tasks only; the four-eyes rule still holds.
 */
@Deployment(resources = "bpmn-test/four-eyes.bpmn")
class FourEyesCandidatesProcessTest {

    static final ProcessTestEngine pt = ProcessTestEngine.withFourEyes(
            new FourEyesListener(true, List.of("dba", "storage"), List.of("carol")));

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void reset() {
        pt.reset();
    }

    @Test
    void theConfirmationOfADestructiveStepGoesToTheConfiguredCandidates() {
        ProcessInstance pi = pt.start("test-four-eyes", Map.of("startedBy", "alice"));
        assertThat(candidates(pt.task(pi))).containsExactlyInAnyOrder("group:operators");

        pt.completeAs("alice", pi, Map.of());
        Task confirm = pt.task(pi);
        assertThat(confirm.getTaskDefinitionKey()).isEqualTo("Task_ConfirmDiscard");
        assertThat(candidates(confirm)).containsExactlyInAnyOrder("group:dba", "group:storage", "user:carol");

        assertThatThrownBy(() -> pt.completeAs("alice", pi, Map.of()))
                .hasMessageContaining("alice started this run");
        pt.completeAs("carol", pi, Map.of());
        assertThat(pt.historicVariable(pi, FourEyesListener.APPROVED_BY)).isEqualTo("carol");
    }

    @Test
    void noCandidatesAtAllIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new FourEyesListener(true, List.of(" "), List.of()))
                .hasMessageContaining("nobody could confirm a destructive step");
    }

    private static List<String> candidates(Task task) {
        return pt.engine.getTaskService().getIdentityLinksForTask(task.getId()).stream()
                .filter(l -> "candidate".equals(l.getType()))
                .map((IdentityLink l) -> l.getGroupId() != null ? "group:" + l.getGroupId() : "user:" + l.getUserId())
                .toList();
    }
}
