package io.harunbooks.ssh;

import io.harunbooks.audit.JournalEntry;
import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabClientKey;
import io.harunbooks.lab.SimulatedHost;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out step against 20 real SSH servers (MINA, 127.0.30.1-20): every host once, at most {@code parallelism}
 * at a time (and more than one), per-host journal entries, a summary; failures collected, or the rest skipped after
 * the first one.
 */
@Deployment(resources = "bpmn-test/fan-out.bpmn")
class SshFanOutIT {

    static final int HOSTS = 20;
    static final Path dir = tempDir();
    static final LabClientKey key = LabClientKey.loadOrCreate(dir);
    static final List<SimulatedHost> servers = new ArrayList<>();
    static final List<String> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger running = new AtomicInteger();
    static final AtomicInteger maxRunning = new AtomicInteger();
    static final Inventory inventory = inventory();
    static final SshExecutor ssh = new SshExecutor(
            new SshProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), 65536), inventory);
    static final ProcessTestEngine pt = ProcessTestEngine.overSsh(inventory, "fleet", ssh);

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void reset() {
        pt.reset();
        received.clear();
        maxRunning.set(0);
    }

    @AfterAll
    static void stop() {
        ssh.destroy();
        servers.forEach(SimulatedHost::close);
    }

    private ProcessInstance run(String command, int parallelism, String policy) {
        ProcessInstance pi = pt.start("test-fan-out", Map.of("command", command, "parallelism", parallelism,
                "policy", policy));
        pt.executeJobs();
        return pi;
    }

    @Test
    void everyHostRunsTheCommandOnceWithBoundedParallelism() {
        ProcessInstance pi = run("uptime", 5, "collect");

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Done").isEnded();
        assertThat(received).hasSize(HOSTS).doesNotHaveDuplicates();
        assertThat(maxRunning.get()).isBetween(2, 5);
        assertThat(pt.historicVariable(pi, "summary")).isEqualTo(HOSTS + " of " + HOSTS + " hosts ok");
        List<JournalEntry> journal = pt.journal(pi.getId());
        assertThat(journal).hasSize(HOSTS).allSatisfy(e -> assertThat(e.exitCode()).isZero());
        assertThat(journal).extracting(JournalEntry::host).doesNotHaveDuplicates();
    }

    @Test
    void failuresAreCollectedAndNamedByHost() {
        ProcessInstance pi = run("flaky", 10, "collect");

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Done").isEnded();
        assertThat(received).hasSize(HOSTS);
        assertThat(pt.historicVariable(pi, "failedHosts")).isEqualTo(List.of("node07", "node13"));
        assertThat(pt.historicVariable(pi, "okHosts")).isEqualTo(HOSTS - 2);
        assertThat(pt.historicVariable(pi, "summary").toString())
                .isEqualTo("18 of 20 hosts ok; failed: node07 (exit 1), node13 (exit 1)");
    }

    @Test
    void withStopTheHostsNotYetStartedAreSkippedAfterTheFirstFailure() {
        ProcessInstance pi = run("flaky", 1, "stop");

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Stopped").isEnded();
        assertThat(received).hasSize(7); // node01..node07, one at a time, then nothing more
        assertThat(pt.historicVariable(pi, "failure").toString()).contains("node07 (exit 1)")
                .contains("13 not started after the first failure");
    }

    @Test
    void eachHostsCommandIsJournaledWithTheApproverAndCountedByExitCode() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry metrics =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(metrics);
        try {
            // as after a confirmation: the person who approved what follows
            ProcessInstance pi = pt.start("test-fan-out", Map.of("command", "flaky", "parallelism", 10,
                    "policy", "collect", io.harunbooks.audit.DecisionRecorder.LAST_DECISION_BY, "bob"));
            pt.executeJobs();

            assertThat(pt.journal(pi.getId())).hasSize(HOSTS).allSatisfy(e -> assertThat(e.actor()).isEqualTo("bob"));
            assertThat(metrics.get("runbooks.commands").tags("type", "ssh-fan-out", "exit", "0").counter().count())
                    .isEqualTo(HOSTS - 2);
            assertThat(metrics.get("runbooks.commands").tags("type", "ssh-fan-out", "exit", "1").counter().count())
                    .isEqualTo(2);
            assertThat(metrics.get("runbooks.step.duration").tags("type", "ssh-fan-out").timer().count()).isEqualTo(1);
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(metrics);
        }
    }

    private static Inventory inventory() {
        List<Host> hosts = new ArrayList<>();
        List<String> knownHosts = new ArrayList<>();
        for (int i = 1; i <= HOSTS; i++) {
            String name = String.format("node%02d", i);
            SimulatedHost server = new SimulatedHost(name, "127.0.30." + i, 0, dir.resolve(name + ".ser"),
                    key.publicKey(), (command, stdin) -> answer(name, command));
            server.start();
            servers.add(server);
            knownHosts.add(server.knownHostsLine());
            hosts.add(new Host(name, server.address(), server.port(), "root", key.privateKeyFile(), Set.of("node")));
        }
        try {
            Path file = Files.write(dir.resolve("known_hosts"), knownHosts);
            return new Inventory(dir.resolve("inventory.yaml"), file, List.of(new Cluster("fleet", "test", hosts)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LabAnswer answer(String host, String command) {
        received.add(host);
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
        if (command.equals("flaky") && (host.equals("node07") || host.equals("node13"))) {
            return new LabAnswer(1, "", "no\n");
        }
        return LabAnswer.ok(host + " up\n");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("fan-out-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
