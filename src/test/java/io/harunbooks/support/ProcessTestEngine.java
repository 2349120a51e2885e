package io.harunbooks.support;

import io.harunbooks.audit.CommandJournal;
import io.harunbooks.audit.JournalEntry;
import io.harunbooks.engine.JobLockKeeper;
import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.OutputParsers;
import io.harunbooks.engine.RetryDefaults;
import io.harunbooks.engine.RunbooksEnginePlugin;
import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Database;
import io.harunbooks.mysql.ReplicaStatusQuery;
import io.harunbooks.sql.ClusterDataSources;
import io.harunbooks.sql.SqlProperties;
import io.harunbooks.sql.SqlQueries;
import io.harunbooks.sql.SqlQueryDelegate;
import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.inventory.InventoryHostsDelegate;
import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabSimulation;
import io.harunbooks.lab.LabSystem;
import io.harunbooks.lab.messenger.MessengerSimulation;
import io.harunbooks.ssh.CommandResult;
import io.harunbooks.ssh.CommandRunner;
import io.harunbooks.ssh.SshCommandDelegate;
import io.harunbooks.ssh.SshConnectException;
import io.harunbooks.ssh.SshProperties;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process engine for process tests: in-memory H2, job executor off (jobs are driven by hand), the project's
 * engine plugin and journal, the real SSH delegate resolving hosts from an inventory of the lab cluster, and commands
 * answered in-process by the lab's messenger simulation (the same simulation the SSH lab hosts answer with); SQL
 * steps query the databases given to the constructor for real.
 */
public final class ProcessTestEngine {

    public static final String CLUSTER = "msg-lab";

    /** The lab's clock: {@link #fireTimers()} moves it by the timers' durations. */
    public final TestClock clock;
    /** The messenger simulation (seed 001), null when the engine runs another lab system. */
    public final MessengerSimulation lab;
    /** The simulation answering the commands, whichever system it is. */
    public final LabSimulation simulation;
    /** The cluster runs start on (business key and variable {@code cluster}). */
    public final String cluster;
    public final List<CommandResult> commands = new ArrayList<>();
    /** What each command of {@link #commands} received on its standard input. */
    public final List<String> stdins = new ArrayList<>();
    private final Map<String, LabAnswer> overrides = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> unreachable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<String> crashes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    public final CommandJournal journal;
    public final ProcessEngine engine;

    public ProcessTestEngine() {
        this(List.of());
    }

    /**
     * With databases in the lab cluster (hosts vkt03, vkt04) for SQL steps, which run for real through
     * {@link ClusterDataSources} (e.g. against a {@link MariaDbPair}).
     */
    public ProcessTestEngine(List<Database> databases) {
        this(ProcessTestEngine::messenger, databases);
    }

    /**
     * An engine whose commands another lab system answers (Compass, SKOOR, …), with the hosts and roles of that
     * system in its inventory and {@code databases} for SQL steps.
     *
     * @param system builds the lab system (its simulation on the engine's clock)
     */
    public ProcessTestEngine(java.util.function.Function<TestClock, LabSystem> system, List<Database> databases) {
        this(new TestClock(), system, databases);
    }

    private ProcessTestEngine(TestClock clock, java.util.function.Function<TestClock, LabSystem> system,
                              List<Database> databases) {
        this(clock, system.apply(clock), databases);
    }

    private static LabSystem messenger(TestClock clock) {
        return new LabSystem(CLUSTER, "messenger", new java.util.TreeMap<>(Map.of("vkt03", "127.0.10.1", "vkt04", "127.0.10.2")),
                Map.of("vkt03", List.of("controller", "node"), "vkt04", List.of("controller", "node")),
                new MessengerSimulation(List.of("vkt03", "vkt04"), clock));
    }

    private ProcessTestEngine(TestClock clock, LabSystem system, List<Database> databases) {
        this(clock, system.cluster(), inventory(system, databases), system.simulation(), null, RetryDefaults.none());
    }

    /** The messenger lab engine with retry cycles per task type ({@code runbooks.retries}). */
    public static ProcessTestEngine withRetryDefaults(RetryDefaults retries) {
        TestClock clock = new TestClock();
        LabSystem system = messenger(clock);
        return new ProcessTestEngine(clock, system.cluster(), inventory(system, List.of()), system.simulation(), null,
                retries);
    }

    /** The messenger lab engine with a four-eyes rule as configured ({@code runbooks.four-eyes.*}). */
    public static ProcessTestEngine withFourEyes(io.harunbooks.audit.FourEyesListener fourEyes) {
        TestClock clock = new TestClock();
        LabSystem system = messenger(clock);
        ProcessTestEngine pt = new ProcessTestEngine(clock, system.cluster(), inventory(system, List.of()),
                system.simulation(), null, RetryDefaults.none(), fourEyes);
        return pt;
    }

    private static Inventory inventory(LabSystem system, List<Database> databases) {
        List<Host> hosts = new ArrayList<>();
        system.hosts().forEach((name, address) -> hosts.add(new Host(name, address, 22, "root", Path.of("id_lab"),
                Set.copyOf(system.roles().get(name)))));
        return new Inventory(Path.of("inventory.yaml"), Path.of("known_hosts"), List.of(
                new Cluster(system.cluster(), system.system(), hosts, databases)));
    }

    /**
     * An engine whose SSH steps go to real hosts through {@code ssh} (an {@link io.harunbooks.ssh.SshExecutor} on
     * {@code inventory}), for tests of what real connections do; runs start on {@code cluster}.
     */
    public static ProcessTestEngine overSsh(Inventory inventory, String cluster, CommandRunner ssh) {
        return new ProcessTestEngine(new TestClock(), cluster, inventory, null, ssh, RetryDefaults.none());
    }

    /**
     * As {@link #overSsh(Inventory, String, CommandRunner)}, with {@code jobExecutor} running the jobs on its own
     * threads as the application's job executor does (for measurements of what runs in parallel); nothing is driven
     * by hand then.
     */
    public static ProcessTestEngine overSsh(Inventory inventory, String cluster, CommandRunner ssh,
                                            org.camunda.bpm.engine.impl.jobexecutor.JobExecutor jobExecutor) {
        return new ProcessTestEngine(new TestClock(), cluster, inventory, null, ssh, RetryDefaults.none(),
                new io.harunbooks.audit.FourEyesListener(true), jobExecutor);
    }

    private ProcessTestEngine(TestClock clock, String cluster, Inventory inventory, LabSimulation simulation,
                              CommandRunner realHosts, RetryDefaults retries) {
        this(clock, cluster, inventory, simulation, realHosts, retries, new io.harunbooks.audit.FourEyesListener(true));
    }

    private ProcessTestEngine(TestClock clock, String cluster, Inventory inventory, LabSimulation simulation,
                              CommandRunner realHosts, RetryDefaults retries,
                              io.harunbooks.audit.FourEyesListener fourEyes) {
        this(clock, cluster, inventory, simulation, realHosts, retries, fourEyes, null);
    }

    private ProcessTestEngine(TestClock clock, String cluster, Inventory inventory, LabSimulation simulation,
                              CommandRunner realHosts, RetryDefaults retries,
                              io.harunbooks.audit.FourEyesListener fourEyes,
                              org.camunda.bpm.engine.impl.jobexecutor.JobExecutor jobExecutor) {
        this.clock = clock;
        this.cluster = cluster;
        this.simulation = simulation;
        this.lab = simulation instanceof MessengerSimulation m ? m : null;
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:process-test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        journal = new CommandJournal(new JdbcTemplate(ds), new DataSourceTransactionManager(ds));
        journal.createTable();
        CommandRunner runner = (host, command, stdin, timeout) -> {
            if (unreachable.contains(host.name())) {
                throw new SshConnectException("cannot connect to " + host + ": Connection refused", null);
            }
            LabAnswer scripted = overrides.get(host.name() + "\n" + command);
            CommandResult r;
            if (scripted == null && realHosts != null) {
                r = realHosts.run(host, command, stdin, timeout);
            } else {
                LabAnswer a = scripted != null ? scripted : simulation.execute(host.name(), command, () -> stdin);
                r = new CommandResult(host.name(), command, a.exit(), a.stdout(), a.stderr(), Duration.ZERO);
            }
            synchronized (commands) {
                commands.add(r);
                stdins.add(stdin);
            }
            if (crashes.remove(host.name() + "\n" + command)) {
                throw new SimulatedCrash(host.name() + ": «" + command + "» ran, then the engine died");
            }
            return r;
        };
        OutputParsers parsers = new OutputParsers(allOutputParsers());
        SshProperties ssh = new SshProperties(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofSeconds(15), 65536);

        StandaloneInMemProcessEngineConfiguration cfg = new StandaloneInMemProcessEngineConfiguration();
        cfg.setProcessEngineName("process-test-" + UUID.randomUUID());
        cfg.setDataSource(ds);
        cfg.setDatabaseSchemaUpdate("true");
        cfg.setJobExecutorActivate(jobExecutor != null);
        if (jobExecutor != null) {
            cfg.setJobExecutor(jobExecutor);
        }
        cfg.setHistory("full");
        Map<Object, Object> beans = new HashMap<>();
        JobLockKeeper noJobExecutor = new JobLockKeeper(new org.springframework.beans.factory.support
                .StaticListableBeanFactory().getBeanProvider(ProcessEngine.class), new JdbcTemplate(ds),
                new DataSourceTransactionManager(ds));
        io.harunbooks.ssh.JournaledCommands journaled = new io.harunbooks.ssh.JournaledCommands(runner, journal,
                noJobExecutor);
        beans.put("sshCommand", new SshCommandDelegate(inventory, journaled, parsers, ssh));
        beans.put("drbdadm", new io.harunbooks.drbd.DrbdadmDelegate(inventory, journaled, ssh));
        beans.put("inventoryHosts", new InventoryHostsDelegate(inventory));
        beans.put("sshFanOut", new io.harunbooks.ssh.SshFanOutDelegate(inventory, runner, journal, ssh, noJobExecutor));
        beans.put("sqlQuery", new SqlQueryDelegate(inventory,
                new ClusterDataSources(new SqlProperties(Duration.ofSeconds(5), Duration.ofSeconds(30))),
                new SqlQueries(List.of(new ReplicaStatusQuery())), journal));
        cfg.setBeans(beans);
        cfg.setProcessEnginePlugins(List.of(new RunbooksEnginePlugin(journal, retries, fourEyes),
                new io.harunbooks.runs.StartVariablesPlugin(() -> java.util.Optional.of(inventory))));
        engine = cfg.buildProcessEngine();
    }

    /** Every output parser of the application (classes implementing {@link OutputParser} under io.harunbooks). */
    public static List<OutputParser<?>> allOutputParsers() {
        org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider scanner =
                new org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new org.springframework.core.type.filter.AssignableTypeFilter(OutputParser.class));
        List<OutputParser<?>> parsers = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("io.harunbooks")) {
            try {
                parsers.add((OutputParser<?>) Class.forName(candidate.getBeanClassName()).getDeclaredConstructor()
                        .newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("output parser " + candidate.getBeanClassName()
                        + " cannot be created without arguments", e);
            }
        }
        return parsers;
    }

    public ProcessEngineExtension extension() {
        return ProcessEngineExtension.builder().useProcessEngine(engine).build();
    }

    /** Command lines sent to a host, in order. */
    public List<String> commandsOn(String host) {
        synchronized (commands) {
            return commands.stream().filter(c -> c.host().equals(host)).map(CommandResult::command).toList();
        }
    }

    public List<JournalEntry> journal(String processInstanceId) {
        List<String> ids = new ArrayList<>(List.of(processInstanceId));
        engine.getHistoryService().createHistoricProcessInstanceQuery().superProcessInstanceId(processInstanceId)
                .list().forEach(p -> ids.add(p.getId()));
        return journal.forProcessInstances(ids);
    }

    /** Executes every due job, again and again, until none is left; failures only count down retries. */
    public void executeJobs() {
        ManagementService management = engine.getManagementService();
        for (int round = 0; round < 500; round++) {
            List<Job> due = management.createJobQuery().executable().list();
            if (due.isEmpty()) {
                // a failed job waits for its retry: move the engine clock to its due date (timers are left alone)
                Job retry = management.createJobQuery().withRetriesLeft().withException().list().stream()
                        .filter(j -> j.getDuedate() != null).findFirst().orElse(null);
                if (retry == null) {
                    return;
                }
                ClockUtil.setCurrentTime(new java.util.Date(retry.getDuedate().getTime() + 1000));
                continue;
            }
            for (Job job : due) {
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException failed) {
                    // the engine recorded the failure on the job (retries, incident): tests assert on that
                }
            }
        }
        throw new AssertionError("jobs still due after 500 rounds: a loop in the process?");
    }

    /**
     * The engine dies once, right after the command took effect on the host and before it learnt the outcome: the
     * job's transaction is lost as in a kill -9, and the journal keeps the command as running.
     */
    public void crashAfter(String host, String command) {
        crashes.add(host + "\n" + command);
    }

    /**
     * Restarts after a {@link #crashAfter}: a killed engine never recorded the failure, so the cut job is due again
     * with its retries as they were (here: the failure the simulated crash caused is undone), then jobs run.
     */
    public void restartAfterCrash() {
        ManagementService management = engine.getManagementService();
        for (Job job : management.createJobQuery().withException().list()) {
            if (job.getExceptionMessage() != null && job.getExceptionMessage().contains("then the engine died")) {
                management.setJobRetries(job.getId(), 1);
                management.setJobDuedate(job.getId(), null);
            }
        }
        executeJobs();
    }

    /** What {@link #crashAfter} throws: an Error, which no delegate catches, like the end of the JVM. */
    public static final class SimulatedCrash extends Error {
        SimulatedCrash(String message) {
            super(message);
        }
    }

    /** The host refuses connections (as a host that is down): nothing reaches it. */
    public void unreachable(String host) {
        unreachable.add(host);
    }

    /** Fires every timer that is waiting now (as if its duration had passed), then runs the jobs that follow. */
    public void fireTimers() {
        ManagementService management = engine.getManagementService();
        List<Job> timers = management.createJobQuery().timers().list();
        long now = ClockUtil.getCurrentTime().getTime();
        timers.stream().mapToLong(t -> t.getDuedate().getTime() - now).max()
                .ifPresent(ms -> clock.advance(Duration.ofMillis(Math.max(ms, 0))));
        for (Job timer : timers) {
            management.executeJob(timer.getId());
        }
        executeJobs();
    }

    /** Due dates of the timers waiting now, as durations from now (to check the seed's waits). */
    public List<Duration> waitingTimers() {
        long now = ClockUtil.getCurrentTime().getTime();
        return engine.getManagementService().createJobQuery().timers().list().stream()
                .map(t -> Duration.ofMillis(t.getDuedate().getTime() - now)).toList();
    }

    /** Answers one command on one host with a given output instead of the simulation (states it cannot reach). */
    public void answer(String host, String command, int exit, String stdout) {
        overrides.put(host + "\n" + command, new LabAnswer(exit, stdout, ""));
    }

    /** Starts a runbook on the lab cluster, as the run service does (business key and variable {@code cluster}). */
    public ProcessInstance start(String key, Map<String, Object> variables) {
        return engine.getRuntimeService().createProcessInstanceByKey(key).businessKey(cluster)
                .setVariable("cluster", cluster).setVariables(variables).execute();
    }

    /** Injects {@code fault} into the lab, starts {@code key} and runs its jobs until it waits at user task {@code task}. */
    public ProcessInstance startUntil(String fault, String key, Map<String, Object> variables, String task) {
        simulation.inject(fault);
        ProcessInstance pi = start(key, variables);
        executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt(task);
        return pi;
    }

    /** The one open task of a process instance. */
    public Task task(ProcessInstance pi) {
        return engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).singleResult();
    }

    /** Completes the process instance's open task as a logged-in person would. */
    public void completeAs(String user, ProcessInstance pi, Map<String, Object> variables) {
        Task task = task(pi);
        engine.getIdentityService().setAuthenticatedUserId(user);
        try {
            engine.getTaskService().complete(task.getId(), variables);
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
    }

    /** alice (not the starter) confirms the waiting step ({@code confirmed = true}); the jobs that follow run. */
    public void confirm(ProcessInstance pi) {
        completeAs("alice", pi, Map.of("confirmed", true));
        executeJobs();
    }

    public Object historicVariable(ProcessInstance pi, String name) {
        return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
                .variableName(name).singleResult().getValue();
    }

    /**
     * The run waits in the shared escalation with a failure naming what went wrong; completing the support task
     * ends both, the run in {@code EndEvent_EscalatedToSupport}.
     */
    public void assertEscalatedAndFinish(ProcessInstance pi, String failureContains) {
        ProcessInstance escalation = engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();
        BpmnAwareTests.assertThat(pi).isWaitingAt("CallActivity_EscalateToSupport");
        BpmnAwareTests.assertThat(escalation).isWaitingAt("Task_ContactSupport");
        assertThat(escalation.getBusinessKey()).isEqualTo(cluster);
        assertThat(engine.getRuntimeService().getVariable(escalation.getId(), "failure").toString())
                .contains(failureContains);
        completeAs("carol", escalation, Map.of("supportTicket", "SUP-1"));
        BpmnAwareTests.assertThat(escalation).hasPassed("EndEvent_EscalatedToSupport").isEnded();
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("CallActivity_EscalateToSupport", "EndEvent_EscalatedToSupport")
                .isEnded();
    }

    public void reset() {
        BpmnAwareTests.init(engine);
        ClockUtil.reset();
        overrides.clear();
        unreachable.clear();
        crashes.clear();
        if (simulation != null) {
            simulation.inject(simulation.faults().get(0));
        }
        synchronized (commands) {
            commands.clear();
            stdins.clear();
        }
    }
}
