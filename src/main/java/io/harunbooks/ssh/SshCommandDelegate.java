package io.harunbooks.ssh;

import io.harunbooks.audit.JournalEntry;
import io.harunbooks.runs.RunService;
import io.harunbooks.engine.ErrorCodes;
import io.harunbooks.engine.Inputs;
import io.harunbooks.engine.NonRetriableException;
import io.harunbooks.engine.OutputParsers;
import io.harunbooks.engine.UnparseableOutputException;
import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.inventory.UnresolvableTargetException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The SSH command step, configured by input parameters:
 * {@code target} (host name, role, or {@code any:<role>} — the first reachable host of the role), optional
 * {@code unreachable} ({@code incident}, the default: retries then an incident; {@code error}: a host that cannot be
 * reached raises {@value ErrorCodes#HOST_UNREACHABLE} for the model to handle), {@code command} (with {@code {{variable}}} placeholders, checked and quoted),
 * optional {@code expect} (regex that must be found in stdout; placeholders there are inserted as literals),
 * {@code stdin} (answers for a script's prompts, with placeholders; sent, then closed), {@code exitCodes} (exit codes
 * that are an answer rather than a failure, e.g. {@code 0,1} for grep; default 0), {@code parser}, {@code timeout}, and
 * {@code mutates} ({@code false} for commands that only read; default {@code true}). Each command is journaled as
 * running before it is sent: when a step finds its previous attempt's command still running (the engine died), a
 * read-only command runs again, a mutating one stops in an incident naming it (never re-sent on its own).
 * Sets the transient local variables {@code result} ({@link CommandResult}) and {@code parsed}; the model maps what
 * it needs with output parameters. A non-zero exit raises {@value ErrorCodes#COMMAND_FAILED}, an unexpected output
 * {@value ErrorCodes#UNEXPECTED_OUTPUT}; uncaught, both become exceptions and, after the step's retries, incidents.
 */
@Component("sshCommand")
public class SshCommandDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SshCommandDelegate.class);

    private final Inventory inventory;
    private final JournaledCommands commands;
    private final OutputParsers parsers;
    private final SshProperties properties;

    public SshCommandDelegate(Inventory inventory, JournaledCommands commands, OutputParsers parsers,
                              SshProperties properties) {
        this.inventory = inventory;
        this.commands = commands;
        this.parsers = parsers;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Inputs in = Inputs.of(execution);
        String target = in.requireString("target");
        String template = in.requireString("command");
        Duration timeout = in.optionalDuration("timeout").orElse(properties.commandTimeout());
        Pattern expect = in.optionalString("expect").map(e -> compile(e, execution)).orElse(null);
        String cluster = in.cluster();
        List<Host> candidates;
        try {
            candidates = inventory.candidates(cluster, target);
        } catch (UnresolvableTargetException e) {
            throw new NonRetriableException(e.getMessage(), e);
        }
        boolean dryRun = Boolean.TRUE.equals(execution.getVariable(RunService.DRY_RUN));
        boolean mutates = mutates(in);
        String command;
        try {
            command = CommandTemplate.render(template, execution::getVariable);
        } catch (NonRetriableException missing) {
            if (!dryRun) {
                throw missing;
            }
            // in a plan, a value that only a planned (unsent) command would have produced is missing: plan it too
            plan(execution, cluster, candidates.get(0), template + "   [not rendered: " + missing.getMessage() + "]",
                    actor(execution));
            return;
        }
        String stdin = in.optionalString("stdin")
                .map(t -> CommandTemplate.renderText(t, execution::getVariable)).orElse("");
        java.util.Set<Integer> okExits = in.optionalString("exitCodes").map(SshCommandDelegate::exitCodes)
                .orElse(java.util.Set.of(0));
        String actor = actor(execution);
        boolean unreachableIsError = in.optionalString("unreachable").map("error"::equals).orElse(false);
        if (dryRun && mutates) {
            plan(execution, cluster, candidates.get(0), command, actor);
            return;
        }

        String attempt = attempt(execution);
        List<JournalEntry> interrupted = commands.interrupted(attempt);
        if (!interrupted.isEmpty()) {
            JournalEntry lost = interrupted.get(0);
            if (mutates) {
                throw new NonRetriableException("«" + lost.command() + "» on " + lost.host() + " was running (since "
                        + lost.startedAt() + ") when the engine stopped: its outcome is unknown and it changes the "
                        + "system, so it is not sent again on its own. Check the state of " + lost.host()
                        + ", then retry this step (it runs the command again) or move the run on by hand.");
            }
            log.warn("«{}» on {} was running when the engine stopped; it only reads, running it again",
                    lost.command(), lost.host());
        }

        JournaledCommands.Ran ran = commands.run(execution, attempt, cluster, candidates, command, stdin, timeout,
                unreachableIsError, mutates, "ssh-command");
        CommandResult result = ran.result();
        Host host = ran.host();
        execution.setVariableLocal("result", Variables.objectValue(result, true).create());

        if (!okExits.contains(result.exit())) {
            throw new BpmnError(ErrorCodes.COMMAND_FAILED, host.name() + ": «" + command + "» exited "
                    + result.exit() + describe(result));
        }
        if (expect != null && !expect.matcher(result.stdout()).find()) {
            throw new BpmnError(ErrorCodes.UNEXPECTED_OUTPUT, host.name() + ": «" + command
                    + "» printed something else than expected (/" + expect.pattern() + "/)" + describe(result));
        }
        Optional<String> parser = in.optionalString("parser");
        if (parser.isPresent()) {
            Object parsed;
            try {
                parsed = parsers.get(parser.get()).parse(result.stdout());
            } catch (UnparseableOutputException e) {
                throw new UnparseableOutputException(host.name() + ": output of «" + command + "»", e);
            }
            execution.setVariableLocal("parsed", Variables.objectValue(parsed, true).create());
        }
    }

    private static String actor(DelegateExecution execution) {
        return JournaledCommands.actor(execution);
    }

    private void plan(DelegateExecution execution, String cluster, Host host, String command, String actor) {
        commands.plan(execution, cluster, host, command);
    }

    static String attempt(DelegateExecution execution) {
        return JournaledCommands.attempt(execution);
    }

    /** {@code mutates}: whether the command changes the system (default true: unknown counts as changing). */
    static boolean mutates(Inputs in) {
        String value = in.optionalString("mutates").orElse("true").trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new NonRetriableException("input parameter 'mutates' must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static java.util.Set<Integer> exitCodes(String list) {
        try {
            return java.util.Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf)
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        } catch (NumberFormatException e) {
            throw new NonRetriableException("input parameter 'exitCodes' must be a comma-separated list of exit codes "
                    + "such as 0,1 but was '" + list + "'");
        }
    }

    private static Pattern compile(String regex, DelegateExecution execution) {
        try {
            return CommandTemplate.renderPattern(regex, execution::getVariable, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw new NonRetriableException("input parameter 'expect' is not a valid regular expression: "
                    + e.getMessage(), e);
        }
    }

    private static String describe(CommandResult r) {
        return "; stdout: «" + excerpt(r.stdout()) + "»; stderr: «" + excerpt(r.stderr()) + "»";
    }

    private static String excerpt(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() > 600 ? t.substring(0, 600) + "…" : t;
    }
}
