package io.harunbooks.bench;

import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.ssh.CommandResult;
import io.harunbooks.ssh.SshExecutor;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;
import org.camunda.bpm.model.bpmn.builder.SubProcessBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which mechanism runs one command on many hosts (issue 9 asks to choose it by measurement): one step with a pool
 * inside ({@code ${sshFanOut}}), or a parallel multi-instance of the SSH step ({@code ${sshCommand}}), whose jobs are
 * exclusive by default (Camunda runs the exclusive jobs of one run one after another) or made non-exclusive (then
 * the instances run at the same time and meet at the multi-instance's join).
 *
 * <p>Every variant runs on the same warm connections to real OpenSSH servers, with a job executor as the application
 * has it: Spring's job executor on a thread pool of the Camunda Spring Boot starter's defaults (3 core threads, at
 * most 10, queue 3, 3 jobs per acquisition) and the application's acquisition settings (wait 200 ms, at most 1 s,
 * no back-off); and again with a pool of 50 threads taking 50 jobs per acquisition, the multi-instance's best case.
 * Besides the time, it counts the commands sent beyond one per host (a job rolled back after its command ran sends it
 * again) and the job failures the engine logged. Prints {@code RESULT <name> <value>} lines for run.sh.
 *
 * <p>Arguments: key file, known_hosts file, user, port, address prefix (e.g. 127.0.20.), host counts, repetitions.
 */
public final class FanOutMechanismBench {

    /** A variant: how the process is built. */
    private record Variant(String name, BpmnModelInstance model) {
    }

    /** A job executor configuration. */
    private record Pool(String name, int core, int max, int queue, int perAcquisition) {
    }

    private static final List<Pool> POOLS = List.of(
            new Pool("app", 3, 10, 3, 3),
            new Pool("pool50", 50, 50, 0, 50));

    public static void main(String[] args) throws Exception {
        BenchHosts bench = BenchHosts.of(args);
        int reps = bench.reps();

        List<Variant> variants = List.of(
                new Variant("pool-inside", poolInside()),
                new Variant("mi-exclusive", multiInstance(true, false)),
                new Variant("mi-nonexclusive", multiInstance(false, false)),
                new Variant("mi-nonexclusive-after", multiInstance(false, true)));
        for (Pool pool : POOLS) {
            for (int n : bench.counts()) {
                List<Host> hosts = bench.hosts(n);
                Inventory inventory = bench.inventory(n);
                SshExecutor ssh = BenchHosts.ssh(inventory);
                ThreadPoolTaskExecutor threads = threads(pool);
                ProcessTestEngine pt = ProcessTestEngine.overSsh(inventory, "bench", ssh, jobExecutor(pool, threads));
                for (Variant v : variants) {
                    pt.engine.getRepositoryService().createDeployment().addModelInstance(v.name + ".bpmn", v.model)
                            .deploy();
                }
                List<String> hostNames = hosts.stream().map(Host::name).toList();
                for (Variant v : variants) {
                    run(pt, v, hostNames); // warm-up: connections, JIT
                    List<Double> times = new ArrayList<>();
                    int extra = 0;
                    long failures = 0;
                    for (int r = 0; r < reps; r++) {
                        Outcome o = run(pt, v, hostNames);
                        times.add(o.seconds);
                        extra += o.extraCommands;
                        failures += o.jobFailures;
                    }
                    String id = pool.name + "-" + v.name + "-" + n;
                    System.out.printf("RESULT mech-%s %.3f%n", id, BenchHosts.median(times));
                    System.out.printf("RESULT mechdup-%s %d%n", id, extra);
                    System.out.printf("RESULT mechfail-%s %d%n", id, failures);
                }
                pt.engine.close();
                threads.shutdown();
                ssh.destroy();
            }
        }
    }

    private record Outcome(double seconds, int extraCommands, long jobFailures) {
    }

    private static Outcome run(ProcessTestEngine pt, Variant v, List<String> hosts) throws InterruptedException {
        synchronized (pt.commands) {
            pt.commands.clear();
        }
        long t = System.nanoTime();
        String id = pt.engine.getRuntimeService().startProcessInstanceByKey(v.name, "bench",
                Map.of("cluster", "bench", "command", "true", "hosts", new ArrayList<>(hosts),
                        "parallelism", Math.min(hosts.size(), 50), "policy", "collect")).getId();
        HistoryService history = pt.engine.getHistoryService();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (history.createHistoricProcessInstanceQuery().processInstanceId(id).finished().count() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(v.name + " on " + hosts.size() + " hosts did not end in 5 minutes: "
                        + pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(id).list());
            }
            Thread.sleep(2);
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        Map<String, Integer> perHost = new HashMap<>();
        synchronized (pt.commands) {
            for (CommandResult c : pt.commands) {
                if (c.exit() != 0) {
                    throw new IllegalStateException(v.name + ": " + c.host() + " answered " + c.exit());
                }
                perHost.merge(c.host(), 1, Integer::sum);
            }
        }
        if (!perHost.keySet().containsAll(hosts)) {
            throw new IllegalStateException(v.name + ": hosts without their command: " + hosts.stream()
                    .filter(h -> !perHost.containsKey(h)).toList());
        }
        int extra = perHost.values().stream().mapToInt(c -> c - 1).sum();
        long failures = history.createHistoricJobLogQuery().processInstanceId(id).failureLog().count();
        return new Outcome(seconds, extra, failures);
    }

    /** The fan-out step of the runbooks: one job, a pool of connections inside. */
    private static BpmnModelInstance poolInside() {
        return Bpmn.createExecutableProcess("pool-inside").camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("Task_FanOut").name("On every node")
                .camundaAsyncBefore()
                .camundaDelegateExpression("${sshFanOut}")
                .camundaInputParameter("role", "node")
                .camundaInputParameter("command", "${command}")
                .camundaInputParameter("parallelism", "${parallelism}")
                .camundaInputParameter("failurePolicy", "${policy}")
                .camundaInputParameter("mutates", "false")
                .camundaInputParameter("timeout", "PT10S")
                .endEvent()
                .done();
    }

    /**
     * The SSH step as a parallel multi-instance over variable {@code hosts}, each instance its own job: an embedded
     * sub-process is the multi-instance activity (the element variable {@code host} is set on each instance's
     * execution, where the step's input mapping {@code target = ${host}} sees it; an input mapping on a multi-instance
     * activity itself is evaluated before it), the step inside is asynchronous before, exclusive or not;
     * {@code asyncAfter} also commits each instance's outcome before the join.
     */
    static BpmnModelInstance multiInstance(boolean exclusive, boolean asyncAfter) {
        String key = exclusive ? "mi-exclusive" : asyncAfter ? "mi-nonexclusive-after" : "mi-nonexclusive";
        SubProcessBuilder perHost = (SubProcessBuilder) Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1)
                .startEvent()
                .subProcess("SubProcess_OnHost").name("On every host")
                .multiInstance().parallel().camundaCollection("${hosts}").camundaElementVariable("host")
                .multiInstanceDone();
        ServiceTaskBuilder step = perHost.embeddedSubProcess().startEvent()
                .serviceTask("Task_OnHost").name("On host")
                .camundaAsyncBefore()
                .camundaExclusive(exclusive)
                .camundaDelegateExpression("${sshCommand}")
                .camundaInputParameter("target", "${host}")
                .camundaInputParameter("command", "${command}")
                .camundaInputParameter("mutates", "false")
                .camundaInputParameter("timeout", "PT10S");
        if (asyncAfter) {
            step = step.camundaAsyncAfter();
        }
        return step.endEvent().subProcessDone().endEvent().done();
    }

    private static ThreadPoolTaskExecutor threads(Pool pool) {
        ThreadPoolTaskExecutor threads = new ThreadPoolTaskExecutor();
        threads.setCorePoolSize(pool.core);
        threads.setMaxPoolSize(pool.max);
        threads.setQueueCapacity(pool.queue);
        threads.setThreadNamePrefix("bench-job-");
        threads.initialize();
        return threads;
    }

    /** Spring's job executor as the Camunda starter builds it, with the application's acquisition settings. */
    private static SpringJobExecutor jobExecutor(Pool pool, ThreadPoolTaskExecutor threads) {
        SpringJobExecutor executor = new SpringJobExecutor();
        executor.setTaskExecutor(threads);
        executor.setMaxJobsPerAcquisition(pool.perAcquisition);
        executor.setWaitTimeInMillis(200);
        executor.setMaxWait(1000);
        executor.setBackoffTimeInMillis(0);
        return executor;
    }
}
