package io.harunbooks.audit;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Completion listener on every user task: journals who decided what, and remembers the person in the process
 * variable {@code lastDecisionBy} so the commands that follow are journaled with their approver.
 */
public class DecisionRecorder implements TaskListener {

    public static final String LAST_DECISION_BY = "lastDecisionBy";

    private final CommandJournal journal;
    private final List<String> decisionVariables;

    public DecisionRecorder(CommandJournal journal, List<String> decisionVariables) {
        this.journal = journal;
        this.decisionVariables = List.copyOf(decisionVariables);
    }

    @Override
    public void notify(DelegateTask task) {
        String actor = actor(task);
        String values = decisionVariables.stream()
                .map(name -> name + "=" + task.getVariable(name))
                .collect(Collectors.joining("\n"));
        task.getExecution().setVariable(LAST_DECISION_BY, actor);
        if (task.getCreateTime() != null) {
            String runbook = task.getProcessDefinitionId() == null ? "?" : task.getProcessDefinitionId().split(":")[0];
            io.micrometer.core.instrument.Metrics.timer("runbooks.user.task.wait", "runbook", runbook, "task",
                    task.getTaskDefinitionKey()).record(java.time.Duration.between(task.getCreateTime().toInstant(),
                    Instant.now()));
        }
        journal.append(new JournalEntry(0, JournalEntry.DECISION, task.getProcessInstanceId(),
                businessKey(task), task.getTaskDefinitionKey(), null, task.getName(), Instant.now(), 0, null,
                values, null, null, actor));
    }

    static String actor(DelegateTask task) {
        Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (auth != null && auth.getUserId() != null) {
            return auth.getUserId();
        }
        return task.getAssignee() != null ? task.getAssignee() : "unknown";
    }

    private static String businessKey(DelegateTask task) {
        return task.getExecution().getProcessBusinessKey();
    }
}
