package io.harunbooks.ssh;

import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SSH executor against a real OpenSSH server (Debian's sshd, which .ci/run installs; started here on a loopback
 * address and a free port, with its own config, host key and authorized key): what differs from the embedded test
 * servers, such as a quick command closing the channel before its (empty) input is sent.
 */
class OpenSshIT {

    static Path dir;
    static Process sshd;
    static SshExecutor ssh;
    static Host host;

    @BeforeAll
    static void startSshd() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")),
                "OpenSSH's sshd is not installed (Debian openssh-server; .ci/run installs it)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "sshd must run as root to log users in; run as root (as CI does)");
        dir = Files.createTempDirectory("openssh-it-");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("id").toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.21.1"))) {
            port = s.getLocalPort();
        }
        Files.createDirectories(Path.of("/run/sshd"));
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.21.1:" + port,
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no", "LogLevel ERROR", ""));
        sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        String hostKey = Files.readString(dir.resolve("host_key.pub")).trim();
        Files.writeString(dir.resolve("known_hosts"), "[127.0.21.1]:" + port + " "
                + hostKey.substring(0, hostKey.lastIndexOf(' ')) + "\n");
        host = new Host("real", "127.0.21.1", port, "root", dir.resolve("id"), Set.of("node"));
        ssh = new SshExecutor(new SshProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5),
                65536), new Inventory(dir.resolve("inventory.yaml"), dir.resolve("known_hosts"),
                List.of(new Cluster("real", "test", List.of(host)))));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (java.net.Socket probe = new java.net.Socket("127.0.21.1", port)) {
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !sshd.isAlive()) {
                    throw new AssertionError("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (ssh != null) {
            ssh.destroy();
        }
        if (sshd != null) {
            sshd.destroy();
            sshd.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void quickCommandsThatEndBeforeTheirInputIsSentSucceed() {
        for (int i = 0; i < 20; i++) {
            CommandResult r = ssh.run(host, "true", Duration.ofSeconds(10));
            assertThat(r.exit()).isZero();
        }
        assertThat(ssh.pooledConnections("real")).isEqualTo(1);
    }

    @Test
    void outputExitStatusAndInputGoWhereTheyShould() {
        CommandResult echo = ssh.run(host, "echo out; echo err >&2; exit 3", Duration.ofSeconds(10));
        assertThat(echo.exit()).isEqualTo(3);
        assertThat(echo.stdout()).isEqualTo("out\n");
        assertThat(echo.stderr()).isEqualTo("err\n");

        CommandResult cat = ssh.run(host, "cat", "y\nreserve_company_7\n", Duration.ofSeconds(10));
        assertThat(cat.stdout()).isEqualTo("y\nreserve_company_7\n");
    }

    @Test
    void aCommandLongerThanItsTimeoutFails() {
        assertThatThrownBy(() -> ssh.run(host, "sleep 5", Duration.ofMillis(500)))
                .isInstanceOf(SshException.class).hasMessageContaining("did not finish within PT0.5S");
        assertThat(ssh.run(host, "echo again", Duration.ofSeconds(10)).stdout()).isEqualTo("again\n");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }
}
