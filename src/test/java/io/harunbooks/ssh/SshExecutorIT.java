package io.harunbooks.ssh;

import io.harunbooks.engine.NonRetriableException;
import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabClientKey;
import io.harunbooks.lab.SimulatedHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sshj executor against real SSH servers (embedded MINA SSHD on loopback addresses), including its faults. */
class SshExecutorIT {

    @TempDir
    Path dir;
    private LabClientKey clientKey;
    private final List<SimulatedHost> servers = new ArrayList<>();
    private final List<String> received = new ArrayList<>();
    private SshExecutor executor;

    @BeforeEach
    void keys() {
        clientKey = LabClientKey.loadOrCreate(dir);
    }

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.destroy();
        }
        servers.forEach(SimulatedHost::close);
    }

    private SimulatedHost server(String name, String address, int port, SimulatedHost.Handler handler) {
        SimulatedHost host = new SimulatedHost(name, address, port, dir.resolve(name + ".ser"), clientKey.publicKey(),
                handler);
        host.start();
        servers.add(host);
        return host;
    }

    private SimulatedHost echoServer(String address) {
        return echoServer(address, 0);
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private SimulatedHost echoServer(String address, int port) {
        return server("h" + address.replace('.', '_'), address, port, (command, stdin) -> {
            synchronized (received) {
                received.add(command);
            }
            if (command.equals("sleep 5")) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return LabAnswer.ok("");
            }
            if (command.equals("cat")) {
                return LabAnswer.ok(stdin.get());
            }
            if (command.equals("big")) {
                return LabAnswer.ok("x".repeat(200_000));
            }
            if (command.equals("fail")) {
                return new LabAnswer(3, "partial\n", "it broke\n");
            }
            return LabAnswer.ok("you said: " + command + "\n");
        });
    }

    private Host host(SimulatedHost server, Path key) {
        return new Host(server.name(), server.address(), server.port(), "root", key, Set.of("controller"));
    }

    private SshExecutor executor(String... knownHostsLines) throws IOException {
        Path knownHosts = Files.write(dir.resolve("known_hosts"), List.of(knownHostsLines));
        Inventory inventory = new Inventory(dir.resolve("inventory.yaml"), knownHosts, List.of(
                new Cluster("c", "test", List.of())));
        executor = new SshExecutor(new SshProperties(Duration.ofSeconds(3), Duration.ofSeconds(30),
                Duration.ofSeconds(5), 65536), inventory);
        return executor;
    }

    @Test
    void standardInputReachesTheHostAndEndsThere() throws IOException {
        SimulatedHost server = echoServer("127.0.10.21");
        SshExecutor ssh = executor(server.knownHostsLine());
        Host host = host(server, clientKey.privateKeyFile());

        CommandResult withInput = ssh.run(host, "cat", "y\nreserve_company_7\n", Duration.ofSeconds(10));
        CommandResult without = ssh.run(host, "cat", "", Duration.ofSeconds(10));

        assertThat(withInput.stdout()).isEqualTo("y\nreserve_company_7\n");
        assertThat(without.stdout()).isEmpty();
        assertThat(without.exit()).isZero();
    }

    @Test
    void runsCommandsOverOnePooledConnection() throws IOException {
        SimulatedHost server = echoServer("127.0.10.21");
        SshExecutor ssh = executor(server.knownHostsLine());
        Host host = host(server, clientKey.privateKeyFile());

        CommandResult first = ssh.run(host, "ic map cox", Duration.ofSeconds(10));
        CommandResult second = ssh.run(host, "fail", Duration.ofSeconds(10));

        assertThat(first.exit()).isZero();
        assertThat(first.stdout()).isEqualTo("you said: ic map cox\n");
        assertThat(first.host()).isEqualTo(server.name());
        assertThat(second.exit()).isEqualTo(3);
        assertThat(second.stdout()).isEqualTo("partial\n");
        assertThat(second.stderr()).isEqualTo("it broke\n");
        assertThat(ssh.pooledConnections()).isEqualTo(1);
        assertThat(received).containsExactly("ic map cox", "fail");
    }

    @Test
    void outputIsBoundedAndSaysHowMuchWasDropped() throws IOException {
        SimulatedHost server = echoServer("127.0.10.22");
        SshExecutor ssh = executor(server.knownHostsLine());

        CommandResult r = ssh.run(host(server, clientKey.privateKeyFile()), "big", Duration.ofSeconds(10));

        assertThat(r.stdout()).startsWith("x".repeat(65536)).endsWith("[" + (200_000 - 65536) + " more bytes dropped]");
    }

    @Test
    void changedHostKeyFailsAtOnceWithoutRetryAndSendsNothing() throws IOException {
        SimulatedHost server = echoServer("127.0.10.23");
        SimulatedHost impostorKeySource = echoServer("127.0.10.24");
        String forged = impostorKeySource.knownHostsLine().replace("127.0.10.24]:" + impostorKeySource.port(),
                "127.0.10.23]:" + server.port());
        SshExecutor ssh = executor(forged);

        assertThatThrownBy(() -> ssh.run(host(server, clientKey.privateKeyFile()), "systemctl stop ctlr-1",
                Duration.ofSeconds(10)))
                .isInstanceOf(HostKeyVerificationException.class)
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("HOST KEY MISMATCH")
                .hasMessageContaining("127.0.10.23")
                .hasMessageContaining("Not retried");
        assertThat(received).isEmpty();
        assertThat(ssh.pooledConnections()).isZero();
    }

    @Test
    void hostMissingFromKnownHostsIsRefused() throws IOException {
        SimulatedHost server = echoServer("127.0.10.25");
        SshExecutor ssh = executor("# no keys");

        assertThatThrownBy(() -> ssh.run(host(server, clientKey.privateKeyFile()), "id", Duration.ofSeconds(10)))
                .isInstanceOf(HostKeyVerificationException.class)
                .hasMessageContaining("is not in the known-hosts file");
        assertThat(received).isEmpty();
    }

    @Test
    void wrongClientKeyIsAnAuthenticationFailureNamingUserHostAndKey() throws IOException {
        SimulatedHost server = echoServer("127.0.10.26");
        SshExecutor ssh = executor(server.knownHostsLine());
        Path otherDir = Files.createDirectories(dir.resolve("other"));
        Path otherKey = LabClientKey.loadOrCreate(otherDir).privateKeyFile();

        assertThatThrownBy(() -> ssh.run(host(server, otherKey), "id", Duration.ofSeconds(10)))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("authentication of root on " + server.name())
                .hasMessageContaining(otherKey.toString());
        assertThat(received).isEmpty();
    }

    @Test
    void hostDownIsAConnectFailure() throws IOException {
        int closedPort = freePort("127.0.10.27");
        SshExecutor ssh = executor("[127.0.10.27]:" + closedPort + " ecdsa-sha2-nistp256 AAAA");
        Host down = new Host("down", "127.0.10.27", closedPort, "root", clientKey.privateKeyFile(), Set.of());

        assertThatThrownBy(() -> ssh.run(down, "id", Duration.ofSeconds(5)))
                .isInstanceOf(SshException.class)
                .isNotInstanceOf(NonRetriableException.class)
                .hasMessageContaining("cannot connect to down");
    }

    @Test
    void commandOutlivingItsTimeoutFails() throws IOException {
        SimulatedHost server = echoServer("127.0.10.28");
        SshExecutor ssh = executor(server.knownHostsLine());

        long start = System.nanoTime();
        assertThatThrownBy(() -> ssh.run(host(server, clientKey.privateKeyFile()), "sleep 5",
                Duration.ofMillis(500)))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("did not finish within PT0.5S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void connectionDroppedBetweenCommandsIsReopenedOnce() throws IOException {
        SimulatedHost server = echoServer("127.0.10.29", freePort("127.0.10.29"));
        SshExecutor ssh = executor(server.knownHostsLine());
        Host host = host(server, clientKey.privateKeyFile());
        ssh.run(host, "one", Duration.ofSeconds(10));

        server.stop();
        server.start(); // same port and host key: the pooled connection is now dead

        CommandResult again = ssh.run(host, "two", Duration.ofSeconds(10));
        assertThat(again.stdout()).isEqualTo("you said: two\n");
        assertThat(received).containsExactly("one", "two");
        assertThat(ssh.pooledConnections()).isEqualTo(1);
    }
}
