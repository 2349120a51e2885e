package io.harunbooks.lab;

import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.inventory.InventoryLoader;
import io.harunbooks.lab.messenger.MessengerServices;
import io.harunbooks.lab.messenger.MessengerSimulation;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.userauth.UserAuthException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real SSH: sshj 0.40 against the lab's MINA SSHD hosts, strict host-key checking with the lab's known_hosts. */
class SimulatedHostIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T15:42:00Z"), ZoneId.of("Europe/Moscow"));

    record Run(int exit, String stdout, String stderr) {
    }

    @TempDir
    Path dir;

    private LabCluster lab;

    @BeforeEach
    void startLab() {
        lab = new LabCluster(LabProperties.of(dir, 0), CLOCK);
        lab.prepareInventory();
    }

    @AfterEach
    void stopLab() {
        lab.destroy();
    }

    private SSHClient connect(String host, Path knownHosts, Path key) throws IOException {
        SimulatedHost target = lab.hosts().get(host);
        SSHClient client = new SSHClient();
        client.setConnectTimeout(5_000);
        client.setTimeout(10_000);
        client.addHostKeyVerifier(new OpenSSHKnownHosts(knownHosts.toFile()));
        try {
            client.connect(target.address(), target.port());
            client.authPublickey("root", client.loadKeys(key.toString()));
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private Run run(String host, String command) throws IOException {
        try (SSHClient client = connect(host, lab.knownHostsFile(), lab.clientKeyFile());
             Session session = client.startSession()) {
            Session.Command cmd = session.exec(command);
            String out = read(cmd.getInputStream());
            String err = read(cmd.getErrorStream());
            cmd.join(10, TimeUnit.SECONDS);
            assertThat(cmd.getExitStatus()).as("exit status of %s", command).isNotNull();
            return new Run(cmd.getExitStatus(), out, err);
        }
    }

    private static String read(InputStream in) throws IOException {
        return IOUtils.readFully(in).toString(StandardCharsets.UTF_8);
    }

    private static String fixture(String path) throws IOException {
        try (InputStream in = SimulatedHostIT.class.getResourceAsStream("/fixtures/messenger/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void iprosClusterShowOverSshAnswersLikeTheSeed() throws IOException {
        // When
        Run run = run("vkt03", MessengerSimulation.IPROS_CLUSTER_SHOW);
        // Then
        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).isEqualTo(fixture("ipros-cluster-show/healthy-vkt03.txt"));
        assertThat(run.stderr()).isEmpty();
        assertThat(lab.simulation("msg-lab").orElseThrow().commandLines("vkt03"))
                .containsExactly(MessengerSimulation.IPROS_CLUSTER_SHOW);
    }

    @Test
    void unknownCommandExits127() throws IOException {
        Run run = run("vkt04", "rm -rf /data/ctlr-1");
        assertThat(run.exit()).isEqualTo(127);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo("sh: 1: rm: not found\n");
    }

    @Test
    void splitBrainProcedureOverSshLeavesVkt04Main() throws IOException {
        // Given
        MessengerSimulation sim = lab.simulation("msg-lab").orElseThrow();
        sim.inject("two-masters");
        assertThat(run("vkt04", MessengerSimulation.IPROS_CLUSTER_SHOW).stdout())
                .isEqualTo(fixture("ipros-cluster-show/two-masters-vkt04.txt"));
        // When
        for (String command : List.of(MessengerSimulation.STOP, MessengerSimulation.COPY_DATA_ASIDE,
                MessengerSimulation.REPLICATE, MessengerSimulation.DISABLE)) {
            assertThat(run("vkt03", command).exit()).as(command).isZero();
        }
        // Then
        assertThat(run("vkt03", MessengerSimulation.IPROS_CLUSTER_SHOW).stdout())
                .isEqualTo(fixture("ipros-cluster-show/re-replicated-vkt03.txt"));
        assertThat(sim.node("vkt03").dataDirs()).containsExactly("/data/ctlr-1", "/data/ctlr-1.20261123_1842");
    }

    @Test
    void serviceCommandOverSshAnswersLikeTheSeed() throws IOException {
        // Given
        MessengerSimulation sim = lab.simulation("msg-lab").orElseThrow();
        sim.inject("kust-replica-failed");
        // When
        Run map = run("vkt04", MessengerServices.IC_MAP_COX);
        Run clean = run("vkt04", MessengerServices.CLEAN_KUST_COX);
        // Then
        assertThat(map.exit()).isZero();
        assertThat(map.stdout()).isEqualTo("node cox-1 (2147483648 buckets)\n"
                + "  srv cox.vkt03.cox-1 10.32.88.0:2510 alive main\n"
                + "  srv cox.vkt04.cox-1 10.32.96.0:2510 alive slave\n");
        assertThat(clean.exit()).isZero();
        assertThat(clean.stdout()).endsWith(fixture("clean-kust-replica/success-tail.txt"));
        assertThat(sim.state().services().kust().get("cox").replicating()).isTrue();
        assertThat(run("vkt03", MessengerServices.ORCH_TOPO).stdout()).isEqualTo(fixture("orch-topo/healthy.txt"));
    }

    @Test
    void anotherClientKeyIsRejected() {
        // Given a key the lab did not generate
        Path other = LabClientKey.loadOrCreate(dir.resolve("other")).privateKeyFile();
        // When / Then
        assertThatThrownBy(() -> connect("vkt03", lab.knownHostsFile(), other).close())
                .isInstanceOf(UserAuthException.class);
    }

    @Test
    void aHostKeyThatDoesNotMatchKnownHostsIsRejected() throws IOException {
        // Given known_hosts that pins vkt04's key for vkt03's address
        SimulatedHost vkt03 = lab.hosts().get("vkt03");
        String vkt04Key = lab.hosts().get("vkt04").knownHostsLine().split(" ", 2)[1];
        Path wrong = dir.resolve("wrong_known_hosts");
        Files.writeString(wrong, "[" + vkt03.address() + "]:" + vkt03.port() + " " + vkt04Key + "\n");
        // When / Then
        assertThatThrownBy(() -> connect("vkt03", wrong, lab.clientKeyFile()).close())
                .isInstanceOf(TransportException.class);
    }

    /** The roles of every lab system (the inventory holds all lab clusters, not only the messenger one). */
    private Set<String> allLabRoles() {
        return LabSystems.all(LabProperties.of(dir, 0), CLOCK).stream().flatMap(s -> s.roles().values().stream())
                .flatMap(List::stream).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void writtenInventoryLoadsAndNamesTheBoundPorts() {
        // When
        Inventory inventory = new InventoryLoader(allLabRoles()).load(lab.inventoryFile());
        // Then
        assertThat(inventory.knownHosts()).isEqualTo(lab.knownHostsFile());
        Cluster cluster = inventory.requireCluster("msg-lab");
        assertThat(cluster.system()).isEqualTo("messenger");
        assertThat(cluster.hosts()).extracting(Host::name, Host::address, Host::port, Host::user, Host::privateKey)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("vkt03", "127.0.10.1", lab.hosts().get("vkt03").port(),
                                "root", lab.clientKeyFile()),
                        org.assertj.core.groups.Tuple.tuple("vkt04", "127.0.10.2", lab.hosts().get("vkt04").port(),
                                "root", lab.clientKeyFile()));
        assertThat(cluster.hostsWithRole("controller")).hasSize(2);
        assertThat(cluster.hostsWithRole("node")).extracting(Host::name).containsExactly("vkt03", "vkt04");
        assertThat(lab.hosts().values()).allSatisfy(h -> assertThat(h.port()).isPositive().isNotEqualTo(22));
    }

    @Test
    void knownHostsHasOneBracketedLinePerHost() throws IOException {
        List<String> lines = Files.readAllLines(lab.knownHostsFile());
        assertThat(lines).hasSize(lab.hosts().size());
        assertThat(lines.get(0)).matches("\\[127\\.0\\.10\\.1]:\\d+ ecdsa-sha2-nistp256 AAAA\\S+");
        assertThat(lines.get(1)).matches("\\[127\\.0\\.10\\.2]:\\d+ ecdsa-sha2-nistp256 AAAA\\S+");
    }

    @Test
    void clientKeyIsOwnerOnlyOpenSshAndLoadableBySshj() throws IOException {
        Path idLab = lab.clientKeyFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(idLab))).isEqualTo("rw-------");
        assertThat(Files.readString(idLab)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("id_lab.pub"))).startsWith("ecdsa-sha2-nistp256 AAAA");
        try (SSHClient client = new SSHClient()) {
            assertThat(client.loadKeys(idLab.toString()).getPublic()).isEqualTo(
                    LabClientKey.loadOrCreate(dir).publicKey());
        }
    }

    @Test
    void prepareTwiceAndRestartKeepPortsAndKeys() throws IOException {
        // Given
        int port = lab.hosts().get("vkt03").port();
        String key = Files.readString(lab.clientKeyFile());
        String hostKey = lab.hosts().get("vkt03").knownHostsLine().split(" ", 2)[1];
        // When prepared again, then the same servers and files
        lab.prepareInventory();
        assertThat(lab.hosts().get("vkt03").port()).isEqualTo(port);
        assertThat(Files.readString(lab.clientKeyFile())).isEqualTo(key);
        // When restarted on the same directory, then the same client key and host keys
        lab.destroy();
        assertThat(lab.hosts()).isEmpty();
        lab = new LabCluster(LabProperties.of(dir, 0), CLOCK);
        lab.prepareInventory();
        assertThat(Files.readString(lab.clientKeyFile())).isEqualTo(key);
        assertThat(lab.hosts().get("vkt03").knownHostsLine()).endsWith(hostKey);
        assertThat(run("vkt03", MessengerSimulation.TOPO_CHECK).stdout()).isEqualTo(fixture("ctlr-topo-check/ok.txt"));
    }
}
