package io.harunbooks.audit;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Four-eyes rule for the confirmation of a destructive step: a task listener on {@code complete} that the engine
 * plugin puts first on every user task with {@code <camunda:property name="fourEyes" value="true"/>} (before the
 * decision is journaled, so a refused completion leaves no decision behind). The person who completes it must be logged in and differ from the one
 * who started the run (variable {@code startedBy}) and from the one who approved the run's previous destructive
 * step (variable {@value #APPROVED_BY}, set here). Otherwise the completion is refused with a
 * {@link FourEyesViolation} (the engine rolls the completion back; the task stays open). Property
 * {@code runbooks.four-eyes.enabled} (default true) turns it off. Who may confirm such steps comes from configuration:
 * {@code runbooks.four-eyes.candidate-groups} (default {@code operators}) and {@code runbooks.four-eyes.candidate-users}
 * (default none) replace the candidates the model names on these tasks.
 */
@Component
public class FourEyesListener implements TaskListener {

    /** The person who approved the run's last destructive step. */
    public static final String APPROVED_BY = "destructiveApprovedBy";

    private final boolean enabled;
    private final java.util.List<String> candidateGroups;
    private final java.util.List<String> candidateUsers;

    public FourEyesListener(boolean enabled) {
        this(enabled, java.util.List.of("operators"), java.util.List.of());
    }

    @org.springframework.beans.factory.annotation.Autowired
    public FourEyesListener(@Value("${runbooks.four-eyes.enabled:true}") boolean enabled,
                            @Value("${runbooks.four-eyes.candidate-groups:operators}") java.util.List<String> candidateGroups,
                            @Value("${runbooks.four-eyes.candidate-users:}") java.util.List<String> candidateUsers) {
        this.enabled = enabled;
        this.candidateGroups = clean(candidateGroups);
        this.candidateUsers = clean(candidateUsers);
        if (this.candidateGroups.isEmpty() && this.candidateUsers.isEmpty()) {
            throw new IllegalArgumentException("runbooks.four-eyes.candidate-groups and candidate-users are both empty:"
                    + " nobody could confirm a destructive step");
        }
    }

    private static java.util.List<String> clean(java.util.List<String> names) {
        return names == null ? java.util.List.of()
                : names.stream().map(String::trim).filter(n -> !n.isEmpty()).distinct().toList();
    }

    /** Groups that may confirm destructive steps (they replace the model's candidate groups on those tasks). */
    public java.util.List<String> candidateGroups() {
        return candidateGroups;
    }

    /** Users that may confirm destructive steps besides the groups. */
    public java.util.List<String> candidateUsers() {
        return candidateUsers;
    }

    /** The refusal: a clear message for Tasklist and the REST API. */
    public static class FourEyesViolation extends ProcessEngineException {
        public FourEyesViolation(String message) {
            super(message);
        }
    }

    @Override
    public void notify(DelegateTask task) {
        if (!enabled) {
            return;
        }
        Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        String user = auth == null ? null : auth.getUserId();
        String step = "«" + task.getName() + "»";
        if (user == null) {
            throw new FourEyesViolation("Four-eyes: " + step + " confirms a step that throws data away and must be "
                    + "completed by a logged-in person");
        }
        Object starter = task.getVariable("startedBy");
        if (user.equals(starter)) {
            throw new FourEyesViolation("Four-eyes: " + user + " started this run and cannot also confirm " + step
                    + " (a step that throws data away): another person must confirm it");
        }
        Object previous = task.getVariable(APPROVED_BY);
        if (user.equals(previous)) {
            throw new FourEyesViolation("Four-eyes: " + user + " approved the previous destructive step of this run "
                    + "and cannot also confirm " + step + ": another person must confirm it");
        }
        task.getExecution().setVariable(APPROVED_BY, user);
    }
}
