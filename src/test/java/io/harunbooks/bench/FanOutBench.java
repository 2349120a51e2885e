package io.harunbooks.bench;

import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.ssh.SshExecutor;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The engine's side of bench/ssh-fanout/run.sh (a measurement, not a test): the fan-out step on 1, 10 and 50 real
 * OpenSSH servers, cold (new connections) and warm (pooled), for one command and for five steps one after another;
 * and the engine's overhead per step over raw sshj on the same warm connection. Prints one line per figure:
 * {@code RESULT <name> <seconds>}.
 *
 * <p>Arguments: key file, known_hosts file, user, port, address prefix (e.g. 127.0.20.), host counts (e.g. 1,10,50),
 * repetitions.
 */
public final class FanOutBench {

    public static void main(String[] args) throws Exception {
        BenchHosts bench = BenchHosts.of(args);
        int reps = bench.reps();
        int max = Arrays.stream(bench.counts()).max().orElse(1);

        for (int n : bench.counts()) {
            Inventory inventory = bench.inventory(n);
            List<Double> cold1 = new ArrayList<>();
            List<Double> warm1 = new ArrayList<>();
            List<Double> cold5 = new ArrayList<>();
            List<Double> warm5 = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                SshExecutor ssh = BenchHosts.ssh(inventory);
                ProcessTestEngine pt = ProcessTestEngine.overSsh(inventory, "bench", ssh);
                pt.engine.getRepositoryService().createDeployment()
                        .addClasspathResource("bpmn-test/fan-out.bpmn")
                        .addClasspathResource("bpmn-test/fan-out-five.bpmn").deploy();
                cold1.add(time(pt, "test-fan-out", n));
                warm1.add(time(pt, "test-fan-out", n));
                ssh.destroy();
                SshExecutor ssh5 = BenchHosts.ssh(inventory);
                ProcessTestEngine pt5 = ProcessTestEngine.overSsh(inventory, "bench", ssh5);
                pt5.engine.getRepositoryService().createDeployment()
                        .addClasspathResource("bpmn-test/fan-out-five.bpmn").deploy();
                cold5.add(time(pt5, "test-fan-out-five", n));
                warm5.add(time(pt5, "test-fan-out-five", n));
                ssh5.destroy();
                pt.engine.close();
                pt5.engine.close();
            }
            System.out.printf("RESULT engine-1cmd-cold-%d %.3f%n", n, BenchHosts.median(cold1));
            System.out.printf("RESULT engine-1cmd-warm-%d %.3f%n", n, BenchHosts.median(warm1));
            System.out.printf("RESULT engine-5steps-cold-%d %.3f%n", n, BenchHosts.median(cold5));
            System.out.printf("RESULT engine-5steps-warm-%d %.3f%n", n, BenchHosts.median(warm5));
        }

        // overhead per step: the same command on one warm connection, raw sshj vs a one-step run of the engine
        Inventory inventory = bench.inventory(1);
        Host one = inventory.clusters().get(0).hosts().get(0);
        SshExecutor ssh = BenchHosts.ssh(inventory);
        ProcessTestEngine pt = ProcessTestEngine.overSsh(inventory, "bench", ssh);
        pt.engine.getRepositoryService().createDeployment().addClasspathResource("bpmn-test/ssh-step.bpmn").deploy();
        int steps = 50;
        for (int i = 0; i < 10; i++) { // warm-up: connection, JIT
            ssh.run(one, "true", Duration.ofSeconds(10));
            runStep(pt);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            ssh.run(one, "true", Duration.ofSeconds(10));
        }
        double raw = (System.nanoTime() - t0) / 1e9 / steps;
        long t1 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            runStep(pt);
        }
        double engine = (System.nanoTime() - t1) / 1e9 / steps;
        System.out.printf("RESULT raw-sshj-per-command %.4f%n", raw);
        System.out.printf("RESULT engine-per-step %.4f%n", engine);
        System.out.printf("RESULT engine-overhead-per-step %.4f%n", engine - raw);
        ssh.destroy();
        pt.engine.close();
        System.out.println("hosts measured up to " + max);
    }

    private static void runStep(ProcessTestEngine pt) {
        ProcessInstance pi = pt.start("test-ssh-step", Map.of("host", "h001", "command", "true", "mutates", false));
        pt.executeJobs();
        if (pt.engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(pi.getId()).count() > 0) {
            throw new IllegalStateException("the step did not finish: " + pt.engine.getRuntimeService()
                    .createIncidentQuery().processInstanceId(pi.getId()).list());
        }
    }

    private static double time(ProcessTestEngine pt, String key, int n) {
        long t = System.nanoTime();
        ProcessInstance pi = pt.start(key, Map.of("command", "true", "parallelism", Math.min(n, 50),
                "policy", "collect"));
        pt.executeJobs();
        double s = (System.nanoTime() - t) / 1e9;
        Object summary = pt.historicVariable(pi, "summary");
        if (summary == null || !summary.toString().startsWith(n + " of " + n + " hosts ok")) {
            throw new IllegalStateException(key + " on " + n + " hosts: " + summary);
        }
        return s;
    }
}
