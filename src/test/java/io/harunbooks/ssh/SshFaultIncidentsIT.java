package io.harunbooks.ssh;

import io.harunbooks.audit.JournalEntry;
import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabClientKey;
import io.harunbooks.lab.SimulatedHost;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * SSH faults against real servers, through the engine: each fault of a host becomes an incident on the step that
 * names the host and the cause, every attempt is in the journal, a host-key mismatch is never retried, and no
 * connection is left in the pool. Hosts: embedded MINA SSHD servers, a closed port, a socket that never answers.
 */
@Deployment(resources = "bpmn-test/ssh-step.bpmn")
class SshFaultIncidentsIT {

    static final Path dir = tempDir();
    static final LabClientKey clientKey = LabClientKey.loadOrCreate(dir);
    static final LabClientKey strangerKey = LabClientKey.loadOrCreate(dir.resolve("stranger"));
    static final List<SimulatedHost> servers = new ArrayList<>();
    static final List<String> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger cases = new AtomicInteger();

    static final SimulatedHost ok = server("ok", "127.0.10.51");
    static final SimulatedHost wrongKey = server("wrong-key", "127.0.10.54");
    static final SimulatedHost impostor = server("impostor", "127.0.10.55");
    static final SimulatedHost dropper = server("dropper", "127.0.10.56", freePort("127.0.10.56"));
    static final int closedPort = freePort("127.0.10.52");
    static final ServerSocket silent = silentServer("127.0.10.53");

    static final Inventory inventory = inventory();
    static final SshExecutor ssh = new SshExecutor(
            new SshProperties(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5), 65536), inventory);
    static final ProcessTestEngine pt = ProcessTestEngine.overSsh(inventory, "faults", ssh);

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void reset() {
        pt.reset();
        received.clear();
        dropper.start(); // back after a test that dropped it
    }

    @AfterAll
    static void stop() throws IOException {
        System.out.println("SSH fault matrix: " + cases.get() + " (fault x point: read-only or changing step) cases"
                + " tried; each ended in a readable incident or a completed run, none lost a run, no changing command"
                + " was sent twice");
        ssh.destroy();
        servers.forEach(SimulatedHost::close);
        silent.close();
    }

    @ParameterizedTest(name = "changing step: {0}")
    @ValueSource(booleans = {false, true})
    void aHostThatIsDownIsAnIncidentNamingItAndTheRunContinuesOnceTheIncidentIsRetried(boolean mutates) {
        ProcessInstance pi = run("down", "uptime", mutates);

        Incident incident = incident(pi);
        assertThat(incident.getIncidentMessage()).contains("down").contains("127.0.10.52")
                .containsIgnoringCase("connection refused");
        // nothing was sent: retried by the step's cycle even when the command changes the system
        assertThat(attempts(pi)).hasSize(2).allSatisfy(e -> assertThat(e.error()).contains("Connection refused"));
        assertThat(ssh.pooledConnections("down")).isZero();

        // the operator starts the host and retries the incident in Cockpit: the step runs once and the run goes on
        SimulatedHost revived = server("down", "127.0.10.52", closedPort);
        Job job = pt.engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).singleResult();
        pt.engine.getManagementService().setJobRetries(job.getId(), 1);
        pt.executeJobs();

        assertThat(pi).hasPassed("Task_Step").isEnded();
        assertThat(received).containsExactly("down: uptime");
        revived.close();
        servers.remove(revived);
    }

    @ParameterizedTest(name = "changing step: {0}")
    @ValueSource(booleans = {false, true})
    void aHostThatAcceptsAndNeverAnswersTimesOutIntoAnIncident(boolean mutates) {
        long start = System.nanoTime();
        ProcessInstance pi = run("silent", "uptime", mutates);

        assertThat(incident(pi).getIncidentMessage()).contains("silent").contains("127.0.10.53")
                .contains("accepted the connection but did not answer within PT1S");
        assertThat(attempts(pi)).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(ssh.pooledConnections("silent")).isZero();
    }

    @ParameterizedTest(name = "changing step: {0}")
    @ValueSource(booleans = {false, true})
    void aRejectedKeyIsAnAuthenticationIncident(boolean mutates) {
        ProcessInstance pi = run("wrong-key", "uptime", mutates);

        assertThat(incident(pi).getIncidentMessage()).contains("wrong-key").contains("authentication")
                .contains("failed");
        assertThat(attempts(pi)).hasSize(2);
        assertThat(received).isEmpty();
        assertThat(ssh.pooledConnections("wrong-key")).isZero();
    }

    @ParameterizedTest(name = "changing step: {0}")
    @ValueSource(booleans = {false, true})
    void aHostKeyMismatchIsAnIncidentAfterOneAttemptAndNothingReachesTheHost(boolean mutates) {
        ProcessInstance pi = run("impostor", "uptime", mutates);

        Incident incident = incident(pi);
        assertThat(incident.getIncidentMessage()).contains("impostor").contains("Not retried");
        assertThat(attempts(pi)).hasSize(1);
        Job job = pt.engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(job.getRetries()).isZero();
        assertThat(received).isEmpty();
        assertThat(ssh.pooledConnections("impostor")).isZero();
    }

    @ParameterizedTest(name = "changing step: {0}")
    @ValueSource(booleans = {false, true})
    void aCommandLongerThanItsTimeoutIsAnIncidentAndAChangingOneIsNotSentTwice(boolean mutates) {
        ProcessInstance pi = run("ok", "sleep 3", mutates);

        String message = incident(pi).getIncidentMessage();
        assertThat(message).contains("ok").contains("did not finish within PT1S");
        if (mutates) {
            assertThat(message).contains("may have run").contains("not sent again on its own");
            assertThat(attempts(pi)).hasSize(1);
            assertThat(received).containsExactly("ok: sleep 3");
        } else {
            assertThat(attempts(pi)).hasSize(2);
            assertThat(received).containsExactly("ok: sleep 3", "ok: sleep 3");
        }
    }

    @ParameterizedTest(name = "changing step: {0}")
    @ValueSource(booleans = {false, true})
    void aConnectionDroppedInMidCommandIsAnIncidentAndTheDeadConnectionLeavesThePool(boolean mutates) {
        // a long timeout: the drop, not the timeout, must end the command even on a loaded machine
        ProcessInstance pi = run("dropper", "drop", mutates, "PT20S");

        assertThat(incident(pi).getIncidentMessage()).contains("dropper");
        List<JournalEntry> attempts = attempts(pi);
        assertThat(attempts.get(0).error()).contains("dropper").contains("dropped");
        if (mutates) {
            assertThat(attempts).hasSize(1);
            assertThat(incident(pi).getIncidentMessage()).contains("may have run");
        } else {
            assertThat(attempts).hasSize(2);
            assertThat(attempts.get(1).error()).contains("Connection refused");
        }
        assertThat(received).containsExactly("dropper: drop"); // sent once: down after that, or not sent again
        assertThat(ssh.pooledConnections("dropper")).isZero();
    }

    @Test
    void aHealthyHostRunsTheStepOnceOverOnePooledConnection() {
        ProcessInstance pi = run("ok", "uptime", true);

        assertThat(pi).hasPassed("Task_Step").isEnded();
        assertThat(pt.historicVariable(pi, "stdout")).isEqualTo("ok: up\n");
        assertThat(attempts(pi)).singleElement().satisfies(e -> assertThat(e.exitCode()).isZero());
        assertThat(received).containsExactly("ok: uptime");
        assertThat(ssh.pooledConnections("ok")).isEqualTo(1);
    }

    private ProcessInstance run(String host, String command, boolean mutates) {
        return run(host, command, mutates, "PT1S");
    }

    private ProcessInstance run(String host, String command, boolean mutates, String timeout) {
        cases.incrementAndGet();
        ProcessInstance pi = pt.start("test-ssh-step", Map.of("host", host, "command", command, "mutates", mutates,
                "timeout", timeout));
        pt.executeJobs();
        return pi;
    }

    private static Incident incident(ProcessInstance pi) {
        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident).as("incident of %s", pi.getId()).isNotNull();
        assertThat(incident.getActivityId()).isEqualTo("Task_Step");
        return incident;
    }

    private static List<JournalEntry> attempts(ProcessInstance pi) {
        return pt.journal(pi.getId()).stream().filter(e -> e.kind().equals(JournalEntry.COMMAND)).toList();
    }

    private static Inventory inventory() {
        List<Host> hosts = List.of(
                host("ok", ok.address(), ok.port(), clientKey.privateKeyFile()),
                host("down", "127.0.10.52", closedPort, clientKey.privateKeyFile()),
                host("silent", "127.0.10.53", silent.getLocalPort(), clientKey.privateKeyFile()),
                host("wrong-key", wrongKey.address(), wrongKey.port(), strangerKey.privateKeyFile()),
                host("impostor", impostor.address(), impostor.port(), clientKey.privateKeyFile()),
                host("dropper", dropper.address(), dropper.port(), clientKey.privateKeyFile()));
        // known_hosts: the impostor's address carries another host's key
        String impostorLine = "[" + impostor.address() + "]:" + impostor.port() + " "
                + ok.knownHostsLine().substring(ok.knownHostsLine().indexOf(' ') + 1);
        Path knownHosts = dir.resolve("known_hosts");
        try {
            Files.write(knownHosts, List.of(ok.knownHostsLine(), wrongKey.knownHostsLine(), impostorLine,
                    dropper.knownHostsLine(), "[127.0.10.52]:" + closedPort + " "
                            + ok.knownHostsLine().substring(ok.knownHostsLine().indexOf(' ') + 1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Inventory(dir.resolve("inventory.yaml"), knownHosts, List.of(new Cluster("faults", "test", hosts)));
    }

    private static Host host(String name, String address, int port, Path key) {
        return new Host(name, address, port, "root", key, Set.of("node"));
    }

    private static SimulatedHost server(String name, String address) {
        return server(name, address, 0);
    }

    /** A server answering {@code uptime}, {@code sleep 3}, and {@code drop} (it goes down in mid-command). */
    private static SimulatedHost server(String name, String address, int port) {
        // "down" comes back with the key of "ok": its known_hosts line was written with that key
        Path hostKey = dir.resolve((name.equals("down") ? "ok" : name) + ".ser");
        SimulatedHost[] self = new SimulatedHost[1];
        self[0] = new SimulatedHost(name, address, port, hostKey, clientKey.publicKey(), (command, stdin) -> {
            received.add(name + ": " + command);
            switch (command) {
                case "uptime":
                    return LabAnswer.ok(name + ": up\n");
                case "sleep 3":
                    pause(3000);
                    return LabAnswer.ok("");
                case "drop":
                    new Thread(self[0]::stop).start();
                    pause(3000);
                    return LabAnswer.ok("never seen\n");
                default:
                    return LabAnswer.notFound(command);
            }
        });
        self[0].start();
        servers.add(self[0]);
        return self[0];
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Accepts connections and never says a word (a hung host: no SSH banner). */
    private static ServerSocket silentServer(String address) {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(address));
            Thread acceptor = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-host");
            acceptor.setDaemon(true);
            acceptor.start();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort(String address) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ssh-faults-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
