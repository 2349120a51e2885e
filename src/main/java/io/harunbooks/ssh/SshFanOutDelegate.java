package io.harunbooks.ssh;

import io.harunbooks.audit.CommandJournal;
import io.harunbooks.audit.JournalEntry;
import io.harunbooks.engine.ErrorCodes;
import io.harunbooks.engine.Inputs;
import io.harunbooks.engine.JobLockKeeper;
import io.harunbooks.engine.NonRetriableException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The fan-out SSH step ({@code ${sshFanOut}}): one command on every host of a role, in parallel inside this one step
 * (one job). Chosen over a multi-instance of SSH steps by measurement (bench/ssh-fanout, docs/performance.md): with
 * exclusive jobs Camunda runs the instances of one run one after another; with non-exclusive jobs they collide at
 * the multi-instance's join and are rolled back and run again, re-sending their commands. Inputs: {@code role}, {@code command} (placeholders checked and quoted), {@code parallelism} (default
 * 10; the hosts of a role are few, so a pool per step), {@code failurePolicy} ({@code collect}: run everywhere and report, the default; {@code stop}: hosts not yet
 * started are skipped after the first failure, and the step throws {@value ErrorCodes#COMMAND_FAILED}), optional
 * {@code expect}, {@code timeout}, {@code mutates}. Each host's command is journaled. Sets the transient local
 * variable {@code result} ({@link FanOutResult}): map {@code result.ok()}, {@code result.failedHosts()},
 * {@code result.summary()} with output parameters.
 */
@Component("sshFanOut")
public class SshFanOutDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SshFanOutDelegate.class);
    /** The step type in the metrics ({@code runbooks.commands}, {@code runbooks.step.duration}). */
    static final String TYPE = "ssh-fan-out";

    private final Inventory inventory;
    private final CommandRunner runner;
    private final CommandJournal journal;
    private final SshProperties properties;
    private final JobLockKeeper lockKeeper;

    public SshFanOutDelegate(Inventory inventory, CommandRunner runner, CommandJournal journal,
                             SshProperties properties, JobLockKeeper lockKeeper) {
        this.inventory = inventory;
        this.runner = runner;
        this.journal = journal;
        this.properties = properties;
        this.lockKeeper = lockKeeper;
    }

    /** What one host answered; {@code error} instead of an exit code when the command could not run. */
    public record HostResult(String host, Integer exit, String stdout, String error, long durationMs) {
        public boolean ok() {
            return error == null && exit != null && exit == 0;
        }
    }

    /** The step's outcome over all hosts, in host-name order. */
    public record FanOutResult(List<HostResult> hosts, int skipped) {
        public int ok() {
            return (int) hosts.stream().filter(HostResult::ok).count();
        }

        public List<String> failedHosts() {
            return hosts.stream().filter(h -> !h.ok()).map(HostResult::host).toList();
        }

        /** E.g. "48 of 50 hosts ok; failed: node07 (exit 1), node33 (cannot connect …)". */
        public String summary() {
            StringBuilder b = new StringBuilder(ok() + " of " + (hosts.size() + skipped) + " hosts ok");
            List<String> failed = hosts.stream().filter(h -> !h.ok()).map(h -> h.host() + " ("
                    + (h.error() != null ? h.error() : "exit " + h.exit()) + ")").toList();
            if (!failed.isEmpty()) {
                b.append("; failed: ").append(String.join(", ", failed));
            }
            if (skipped > 0) {
                b.append("; ").append(skipped).append(" not started after the first failure");
            }
            return b.toString();
        }

        public Map<String, Object> byHost() {
            Map<String, Object> m = new LinkedHashMap<>();
            hosts.forEach(h -> m.put(h.host(), h.ok() ? "ok" : h.error() != null ? h.error() : "exit " + h.exit()));
            return m;
        }
    }

    @Override
    public void execute(DelegateExecution execution) throws InterruptedException {
        Inputs in = Inputs.of(execution);
        String role = in.requireString("role");
        String template = in.requireString("command");
        Duration timeout = in.optionalDuration("timeout").orElse(properties.commandTimeout());
        int parallelism = Integer.parseInt(in.optionalString("parallelism").orElse("10"));
        if (parallelism < 1 || parallelism > 256) {
            throw new NonRetriableException("input parameter 'parallelism' must be 1..256, not " + parallelism);
        }
        String policy = in.optionalString("failurePolicy").orElse("collect");
        if (!policy.equals("collect") && !policy.equals("stop")) {
            throw new NonRetriableException("input parameter 'failurePolicy' must be collect or stop, not '" + policy
                    + "'");
        }
        Pattern expect = in.optionalString("expect")
                .map(e -> CommandTemplate.renderPattern(e, execution::getVariable, Pattern.MULTILINE)).orElse(null);
        String cluster = in.cluster();
        List<Host> hosts;
        try {
            hosts = inventory.candidates(cluster, Inventory.ANY + role);
        } catch (UnresolvableTargetException e) {
            throw new NonRetriableException(e.getMessage(), e);
        }
        String command = CommandTemplate.render(template, execution::getVariable);
        String attempt = SshCommandDelegate.attempt(execution);
        boolean mutates = SshCommandDelegate.mutates(in);
        List<JournalEntry> interrupted = journal.abandonRunning(attempt, JournaledCommands.INTERRUPTED);
        if (!interrupted.isEmpty() && mutates) {
            throw new NonRetriableException("«" + command + "» was running on "
                    + interrupted.stream().map(JournalEntry::host).toList() + " when the engine stopped: its outcome"
                    + " is unknown and it changes the system, so it is not sent again on its own. Check those hosts,"
                    + " then retry this step (it runs the command on every host again) or move the run on by hand.");
        }

        // read here, on the engine's thread: the pool's threads must not touch the run's variables
        String actor = JournaledCommands.actor(execution);
        AtomicBoolean stopped = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, hosts.size()), r -> {
            Thread t = new Thread(r, "fan-out-" + execution.getCurrentActivityId());
            t.setDaemon(true);
            return t;
        });
        List<Future<HostResult>> futures = new ArrayList<>();
        long stepStarted = System.nanoTime();
        try (JobLockKeeper.Hold hold = lockKeeper.holdFor(timeout.multipliedBy(
                (hosts.size() + parallelism - 1) / parallelism))) {
            for (Host host : hosts) {
                futures.add(pool.submit(() -> stopped.get() ? null
                        : runOne(execution, cluster, attempt, actor, host, command, timeout, expect, policy,
                        stopped)));
            }
            List<HostResult> results = new ArrayList<>();
            int skipped = 0;
            for (Future<HostResult> f : futures) {
                HostResult r = f.get();
                if (r == null) {
                    skipped++;
                } else {
                    results.add(r);
                }
            }
            FanOutResult outcome = new FanOutResult(results, skipped);
            io.micrometer.core.instrument.Metrics.timer("runbooks.step.duration", "type", TYPE)
                    .record(Duration.ofNanos(System.nanoTime() - stepStarted));
            log.info("Fan-out «{}» on role {} of {}: {}", command, role, cluster, outcome.summary());
            io.micrometer.core.instrument.Metrics.counter("runbooks.fanout.hosts", "outcome", "ok")
                    .increment(outcome.ok());
            execution.setVariableLocal("result", Variables.objectValue(outcome, true).create());
            if (policy.equals("stop") && !outcome.failedHosts().isEmpty()) {
                throw new BpmnError(ErrorCodes.COMMAND_FAILED, "«" + command + "» on role " + role + ": "
                        + outcome.summary());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("fan-out of «" + command + "» failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private HostResult runOne(DelegateExecution execution, String cluster, String attempt, String actor, Host host,
                              String command, Duration timeout, Pattern expect, String policy, AtomicBoolean stopped) {
        Instant started = Instant.now();
        journal.begin(attempt, new JournalEntry(0, JournalEntry.COMMAND, execution.getProcessInstanceId(), cluster,
                execution.getCurrentActivityId(), host.name(), command, started, CommandJournal.RUNNING, null, null,
                null, null, actor));
        HostResult r;
        try {
            CommandResult c = runner.run(host, command, "", timeout);
            String error = expect != null && c.exit() == 0 && !expect.matcher(c.stdout()).find()
                    ? "printed something else than expected (/" + expect.pattern() + "/)" : null;
            journal.finish(attempt, new JournalEntry(0, JournalEntry.COMMAND, execution.getProcessInstanceId(),
                    cluster, execution.getCurrentActivityId(), host.name(), command, started,
                    c.duration().toMillis(), c.exit(), c.stdout(), c.stderr(), error, actor));
            JournaledCommands.count(TYPE, c);
            r = new HostResult(host.name(), c.exit(), c.stdout(), error, c.duration().toMillis());
        } catch (RuntimeException e) {
            long ms = Duration.between(started, Instant.now()).toMillis();
            journal.finish(attempt, new JournalEntry(0, JournalEntry.COMMAND, execution.getProcessInstanceId(),
                    cluster, execution.getCurrentActivityId(), host.name(), command, started, ms, null, null, null,
                    e.getMessage(), actor));
            JournaledCommands.countFailure(TYPE, e);
            r = new HostResult(host.name(), null, null, e.getMessage(), ms);
        }
        if (!r.ok() && policy.equals("stop")) {
            stopped.set(true);
        }
        return r;
    }
}
