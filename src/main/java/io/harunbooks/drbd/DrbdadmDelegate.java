package io.harunbooks.drbd;

import io.harunbooks.audit.JournalEntry;
import io.harunbooks.engine.ErrorCodes;
import io.harunbooks.engine.Inputs;
import io.harunbooks.engine.NonRetriableException;
import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.inventory.UnresolvableTargetException;
import io.harunbooks.runs.RunService;
import io.harunbooks.ssh.CommandResult;
import io.harunbooks.ssh.JournaledCommands;
import io.harunbooks.ssh.SshProperties;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * The drbdadm step ({@code ${drbdadm}}, element template {@code io.harunbooks.drbdadm}): one {@link DrbdAction}
 * ({@code action}: secondary, primary, disconnect, connect, discard-my-data, invalidate) on a {@code resource}
 * (name, minor or {@code all}) on the host {@code target} (host name, role or {@code ${var}}), over SSH through the
 * same journaled runner as the SSH step. The command line is built here from the action, never from free text.
 * <p>
 * Guards, in this task and before anything is sent: for a destructive action ({@code discard-my-data},
 * {@code invalidate}) it first reads the DRBD state of the target and of its {@code peer} (the other host of the
 * cluster unless given; {@code stateSource} {@code proc-drbd}, the default, = {@code cat /proc/drbd}, or
 * {@code drbdadm-status} = {@code drbdadm status}) and applies {@link DrbdGuard}: the process variable
 * {@value #CONFIRMED_NODE} (set by the confirmation task a person completed) must name exactly the target, the
 * target must not be Primary (discard) nor hold the only UpToDate disk. The decision is journaled (kind
 * {@value #GUARD}); a refusal is an incident with the reason ({@link NonRetriableException}), the action unsent.
 * <p>
 * After a crash in mid-step (the journal says the action was running), the step reads the state of the target
 * and, when it already shows the action's effect, journals that and goes on without sending it again; otherwise it
 * stops in an incident (outcome unknown), as the SSH step does.
 * Sets the transient local variable {@code result} ({@link CommandResult}); a non-zero exit raises
 * {@value ErrorCodes#COMMAND_FAILED}.
 */
@Component("drbdadm")
public class DrbdadmDelegate implements JavaDelegate {

    /** The process variable naming the node whose data a person confirmed may be thrown away. */
    public static final String CONFIRMED_NODE = "confirmedDiscardNode";
    /** Journal kind of a guard's decision. */
    public static final String GUARD = JournalEntry.GUARD;

    private static final Logger log = LoggerFactory.getLogger(DrbdadmDelegate.class);

    private final Inventory inventory;
    private final JournaledCommands commands;
    private final SshProperties properties;

    public DrbdadmDelegate(Inventory inventory, JournaledCommands commands, SshProperties properties) {
        this.inventory = inventory;
        this.commands = commands;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Inputs in = Inputs.of(execution);
        String cluster = in.cluster();
        DrbdAction action;
        String command;
        String resource = in.requireString("resource").trim();
        try {
            action = DrbdAction.of(in.requireString("action"));
            command = action.commandLine(resource);
        } catch (IllegalArgumentException e) {
            throw new NonRetriableException("drbdadm step '" + execution.getCurrentActivityId() + "': "
                    + e.getMessage(), e);
        }
        Duration timeout = in.optionalDuration("timeout").orElse(properties.commandTimeout());
        String source = in.optionalString("stateSource").orElse("proc-drbd");
        StateReader reader = StateReader.of(source);
        Host host;
        Host peer;
        try {
            host = inventory.resolve(cluster, in.requireString("target"));
            peer = in.optionalString("peer").map(p -> inventory.resolve(cluster, p)).orElseGet(() -> {
                List<Host> others = inventory.requireCluster(cluster).hosts().stream()
                        .filter(h -> !h.name().equals(host.name())).toList();
                return others.size() == 1 ? others.get(0) : null;
            });
        } catch (UnresolvableTargetException e) {
            throw new NonRetriableException(e.getMessage(), e);
        }
        if (Boolean.TRUE.equals(execution.getVariable(RunService.DRY_RUN))) {
            commands.plan(execution, cluster, host, command);
            return;
        }
        String attempt = JournaledCommands.attempt(execution);
        List<JournalEntry> interrupted = commands.interrupted(attempt);
        boolean actionCut = interrupted.stream().anyMatch(e -> e.command().equals(command)
                && e.host().equals(host.name()));
        if (actionCut) {
            DrbdState now = read(execution, attempt, cluster, host, reader, timeout);
            if (action.appliedIn(now, resource)) {
                String text = "«" + command + "» on " + host.name() + " was running when the engine stopped; the "
                        + "state read now shows it took effect (" + now.summary().replace("\n", "; ")
                        + "), so it is not sent again";
                commands.note(execution, cluster, GUARD, host, command, text);
                log.warn(text);
                return;
            }
            throw new NonRetriableException("«" + command + "» on " + host.name() + " was running when the engine "
                    + "stopped and the state read now does not show its effect ("
                    + (now == null ? "state not read" : now.summary().replace("\n", "; ")) + "): its outcome is "
                    + "unknown and it changes the system, so it is not sent again on its own. Check "
                    + host.name() + ", then retry this step or move the run on by hand.");
        }
        if (action.isDestructive()) {
            DrbdState mine = read(execution, attempt, cluster, host, reader, timeout);
            DrbdState theirs = peer == null ? null : read(execution, attempt, cluster, peer, reader, timeout);
            Object confirmed = execution.getVariable(CONFIRMED_NODE);
            DrbdGuard.Decision decision = DrbdGuard.check(action, host.name(), mine,
                    peer == null ? "(no peer)" : peer.name(), theirs, resource,
                    confirmed == null ? null : confirmed.toString());
            commands.note(execution, cluster, GUARD, host, command, decision.reason());
            execution.setVariableLocal("guard", Variables.stringValue(decision.reason(), true));
            if (!decision.allowed()) {
                throw new NonRetriableException("Guard: " + decision.reason() + ". Nothing was sent.");
            }
        }
        JournaledCommands.Ran ran = commands.run(execution, attempt, cluster, List.of(host), command, "", timeout,
                false, true, "drbdadm");
        CommandResult result = ran.result();
        execution.setVariableLocal("result", Variables.objectValue(result, true).create());
        if (result.exit() != 0) {
            throw new BpmnError(ErrorCodes.COMMAND_FAILED, host.name() + ": «" + command + "» exited "
                    + result.exit() + "; stdout: «" + result.stdout().strip() + "»; stderr: «"
                    + result.stderr().strip() + "»");
        }
    }

    /** The DRBD state of {@code host}, journaled; null when it cannot be read (unreachable, not DRBD output). */
    private DrbdState read(DelegateExecution execution, String attempt, String cluster, Host host,
                           StateReader reader, Duration timeout) {
        try {
            JournaledCommands.Ran ran = commands.run(execution, attempt, cluster, List.of(host), reader.command,
                    "", timeout, false, false, "drbdadm");
            if (ran.result().exit() != 0) {
                return null;
            }
            return reader.parser.parse(ran.result().stdout());
        } catch (UnparseableOutputException | io.harunbooks.ssh.SshConnectException e) {
            log.warn("DRBD state of {} not read: {}", host.name(), e.getMessage());
            return null;
        }
    }

    private record StateReader(String command, OutputParser<DrbdState> parser) {
        static StateReader of(String source) {
            return switch (source) {
                case "proc-drbd" -> new StateReader("cat /proc/drbd", new ProcDrbdParser());
                case "drbdadm-status" -> new StateReader("drbdadm status", new DrbdadmStatusParser());
                default -> throw new NonRetriableException("input parameter 'stateSource' must be proc-drbd or "
                        + "drbdadm-status, not '" + source + "'");
            };
        }
    }
}
