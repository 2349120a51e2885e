package io.harunbooks.ssh;

import io.harunbooks.audit.CommandJournal;
import io.harunbooks.audit.DecisionRecorder;
import io.harunbooks.audit.JournalEntry;
import io.harunbooks.engine.ErrorCodes;
import io.harunbooks.engine.JobLockKeeper;
import io.harunbooks.inventory.Host;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sending a command from a task, the way every command task does it (the SSH step, the drbdadm step): journaled as
 * running before it is sent, completed with its outcome after, on the first reachable candidate host, with the job's
 * lock held for the command's time; plan-mode entries; and finding the commands a crash cut short.
 */
@Component
public class JournaledCommands {

    private static final Logger log = LoggerFactory.getLogger(JournaledCommands.class);

    private final CommandRunner runner;
    private final CommandJournal journal;
    private final JobLockKeeper lockKeeper;

    public JournaledCommands(CommandRunner runner, CommandJournal journal, JobLockKeeper lockKeeper) {
        this.runner = runner;
        this.journal = journal;
        this.lockKeeper = lockKeeper;
    }

    /** A command's outcome and the host it ran on. */
    public record Ran(Host host, CommandResult result) {
    }

    /**
     * Runs {@code command} on the first of {@code candidates} that can be reached (a host that cannot be reached
     * has been sent nothing, so the next one is tried). Technical failures are rethrown after being journaled; with
     * {@code unreachableIsError}, no reachable host at all raises {@value ErrorCodes#HOST_UNREACHABLE}; a
     * {@code mutates} command whose connection failed after it was sent is never re-sent on its own (incident: it
     * may have run). Metrics are tagged with {@code type} (the step type, e.g. {@code ssh-command}).
     */
    public Ran run(DelegateExecution execution, String attempt, String cluster, List<Host> candidates,
                   String command, String stdin, Duration timeout, boolean unreachableIsError, boolean mutates,
                   String type) {
        String actor = actor(execution);
        CommandResult result = null;
        Host host = null;
        for (int i = 0; result == null; i++) {
            host = candidates.get(i);
            MDC.put("host", host.name());
            Instant started = Instant.now();
            journal.begin(attempt, new JournalEntry(0, JournalEntry.COMMAND, execution.getProcessInstanceId(), cluster,
                    execution.getCurrentActivityId(), host.name(), command, started, CommandJournal.RUNNING, null,
                    null, null, null, actor));
            try {
                try (JobLockKeeper.Hold hold = lockKeeper.holdFor(timeout)) {
                    result = runner.run(host, command, stdin, timeout);
                }
            } catch (RuntimeException e) {
                journal.finish(attempt, new JournalEntry(0, JournalEntry.COMMAND, execution.getProcessInstanceId(),
                        cluster, execution.getCurrentActivityId(), host.name(), command, started,
                        Duration.between(started, Instant.now()).toMillis(), null, null, null, e.getMessage(), actor));
                countFailure(type, e);
                boolean nothingSent = e instanceof SshConnectException;
                if (nothingSent && i + 1 >= candidates.size() && unreachableIsError) {
                    throw new BpmnError(ErrorCodes.HOST_UNREACHABLE, e.getMessage());
                }
                if (!nothingSent && mutates && !(e instanceof io.harunbooks.engine.NonRetriableException)) {
                    throw new io.harunbooks.engine.NonRetriableException(host.name() + ": «" + command
                            + "» may have run: " + e.getMessage() + ". It changes the system, so it is not sent again"
                            + " on its own: check " + host.name() + ", then retry this step (it runs the command "
                            + "again) or move the run on by hand.", e);
                }
                if (!nothingSent || i + 1 >= candidates.size()) {
                    throw e;
                }
                log.info("{} unreachable for «{}» ({}); trying {}", host.name(), command, e.getMessage(),
                        candidates.get(i + 1).name());
            } finally {
                MDC.remove("host");
            }
        }
        journal.finish(attempt, new JournalEntry(0, JournalEntry.COMMAND, execution.getProcessInstanceId(), cluster,
                execution.getCurrentActivityId(), host.name(), command, Instant.now().minus(result.duration()),
                result.duration().toMillis(), result.exit(), result.stdout(), result.stderr(), null, actor));
        io.micrometer.core.instrument.Metrics.timer("runbooks.step.duration", "type", type).record(result.duration());
        count(type, result);
        return new Ran(host, result);
    }

    /** Counts a command that ran, by step type and exit code ({@code runbooks.commands}). */
    static void count(String type, CommandResult result) {
        io.micrometer.core.instrument.Metrics.counter("runbooks.commands", "type", type, "exit",
                String.valueOf(result.exit())).increment();
    }

    /** Counts a command that did not run to an exit code: {@code not-connected} or {@code failed}. */
    static void countFailure(String type, RuntimeException e) {
        io.micrometer.core.instrument.Metrics.counter("runbooks.commands", "type", type, "exit",
                e instanceof SshConnectException ? "not-connected" : "failed").increment();
    }

    /**
     * Plan mode: the command is journaled as {@value JournalEntry#PLANNED} on the host it would go to, and not sent.
     */
    public void plan(DelegateExecution execution, String cluster, Host host, String command) {
        journal.append(new JournalEntry(0, JournalEntry.PLANNED, execution.getProcessInstanceId(), cluster,
                execution.getCurrentActivityId(), host.name(), command, Instant.now(), 0, null, null, null, null,
                actor(execution)));
        log.info("Plan mode: «{}» on {} planned, not sent", command, host.name());
    }

    /** Journals a non-command entry of {@code kind} about {@code host} (e.g. a guard's decision, in {@code text}). */
    public void note(DelegateExecution execution, String cluster, String kind, Host host, String subject,
                     String text) {
        journal.append(new JournalEntry(0, kind, execution.getProcessInstanceId(), cluster,
                execution.getCurrentActivityId(), host.name(), subject, Instant.now(), 0, null, text, null, null,
                actor(execution)));
    }

    /**
     * The commands of this attempt that a crash left running (closed now, each reported once): their outcome is
     * unknown.
     */
    public List<JournalEntry> interrupted(String attempt) {
        return journal.abandonRunning(attempt, INTERRUPTED);
    }

    /** What the journal says of a command a crash left running. */
    static final String INTERRUPTED = "the engine stopped while this command ran; its outcome is unknown";

    /** The person who completed the last decision of the run: the approver of the commands that follow. */
    public static String actor(DelegateExecution execution) {
        Object approver = execution.getVariable(DecisionRecorder.LAST_DECISION_BY);
        return approver == null ? null : approver.toString();
    }

    /**
     * The key of a step's attempts in the journal: run, activity and multi-instance index. Executions do not do: a
     * step with boundary events gets a new scope execution on each attempt. Jobs of one run are exclusive (one at a
     * time), so a step of a run found running in the journal while its job starts again was cut by a crash.
     */
    public static String attempt(DelegateExecution execution) {
        Object loopCounter = execution.getVariableLocal("loopCounter");
        return execution.getProcessInstanceId() + "/" + execution.getCurrentActivityId()
                + (loopCounter == null ? "" : "#" + loopCounter);
    }
}
