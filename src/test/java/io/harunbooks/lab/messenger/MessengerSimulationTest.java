package io.harunbooks.lab.messenger;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.messenger.MessengerSimulation.NodeState;
import io.harunbooks.lab.messenger.MessengerSimulation.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static io.harunbooks.lab.messenger.MessengerSimulation.COPY_DATA_ASIDE;
import static io.harunbooks.lab.messenger.MessengerSimulation.CREATE_DATA_DIRS;
import static io.harunbooks.lab.messenger.MessengerSimulation.DISABLE;
import static io.harunbooks.lab.messenger.MessengerSimulation.ENABLE;
import static io.harunbooks.lab.messenger.MessengerSimulation.IPROS_CLUSTER_SHOW;
import static io.harunbooks.lab.messenger.MessengerSimulation.IS_ACTIVE;
import static io.harunbooks.lab.messenger.MessengerSimulation.MOVE_DATA_ASIDE;
import static io.harunbooks.lab.messenger.MessengerSimulation.REPLICATE;
import static io.harunbooks.lab.messenger.MessengerSimulation.SHOW_CLUSTER_CONF;
import static io.harunbooks.lab.messenger.MessengerSimulation.START;
import static io.harunbooks.lab.messenger.MessengerSimulation.STOP;
import static io.harunbooks.lab.messenger.MessengerSimulation.TOPO_CHECK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessengerSimulationTest {

    /** 2026-11-23 18:42 in Moscow: {@code date +%Y%m%d_%H%M} prints 20261123_1842 there. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T15:42:30Z"), ZoneId.of("Europe/Moscow"));
    private static final String BACKUP = "/data/ctlr-1.20261123_1842";

    private MessengerSimulation sim;

    @BeforeEach
    void setUp() {
        sim = new MessengerSimulation(List.of("vkt04", "vkt03"), CLOCK);
    }

    static String fixture(String path) {
        try (InputStream in = MessengerSimulationTest.class.getResourceAsStream("/fixtures/messenger/" + path)) {
            assertThat(in).as("fixture %s on the classpath", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String collapseSpaces(String s) {
        return s.replaceAll(" +", " ");
    }

    private LabAnswer run(String host, String command) {
        return sim.execute(host, command);
    }

    @Nested
    class Fixtures {

        @Test
        void healthyClusterShowsVkt03AsMainAndVkt04Alive() {
            // Given the initial, healthy state
            // When
            LabAnswer answer = run("vkt03", IPROS_CLUSTER_SHOW);
            // Then
            assertThat(answer.exit()).isZero();
            assertThat(answer.stdout()).isEqualTo(fixture("ipros-cluster-show/healthy-vkt03.txt"));
            assertThat(answer.stderr()).isEmpty();
            assertThat(run("vkt03", TOPO_CHECK).stdout()).isEqualTo(fixture("ctlr-topo-check/ok.txt"));
        }

        @Test
        void twoMastersSeeEachOtherDead() {
            // Given
            sim.inject("two-masters");
            // When / Then
            assertThat(run("vkt03", IPROS_CLUSTER_SHOW).stdout())
                    .isEqualTo(fixture("ipros-cluster-show/two-masters-vkt03.txt"));
            assertThat(run("vkt04", IPROS_CLUSTER_SHOW).stdout())
                    .isEqualTo(fixture("ipros-cluster-show/two-masters-vkt04.txt"));
        }

        @Test
        void twoMastersAlertNamesThePeerOfTheAnsweringNode() {
            // Given
            sim.inject("two-masters");
            // When
            LabAnswer onVkt04 = run("vkt04", TOPO_CHECK);
            LabAnswer onVkt03 = run("vkt03", TOPO_CHECK);
            // Then the check_mk local check exits 0 and reports through its first field
            assertThat(onVkt04.exit()).isZero();
            assertThat(onVkt04.stdout()).isEqualTo(fixture("ctlr-topo-check/no-active-replicas-vkt03.txt"));
            assertThat(onVkt03.stdout()).isEqualTo(fixture("ctlr-topo-check/no-active-replicas-vkt04.txt"));
        }

        @Test
        void replicaLostShowsVkt04DeadAndTheAlertNamesIt() {
            // Given
            sim.inject("replica-lost");
            // When
            LabAnswer show = run("vkt03", IPROS_CLUSTER_SHOW);
            // Then: the seed's replication section prints two spaces before the state, the simulation one
            assertThat(show.exit()).isZero();
            assertThat(collapseSpaces(show.stdout()))
                    .isEqualTo(collapseSpaces(fixture("ipros-cluster-show/replica-lost-vkt03.txt")));
            assertThat(run("vkt03", TOPO_CHECK).stdout())
                    .isEqualTo(fixture("ctlr-topo-check/no-active-replicas-vkt04.txt"));
            assertThat(run("vkt04", TOPO_CHECK).stdout())
                    .isEqualTo(fixture("ctlr-topo-check/no-active-replicas-vkt04.txt"));
        }

        @Test
        void stoppedControllerRefusesTheConnection() {
            // Given
            sim.inject("replica-lost");
            // When
            LabAnswer answer = run("vkt04", IPROS_CLUSTER_SHOW);
            // Then
            assertThat(answer.exit()).isEqualTo(1);
            assertThat(answer.stdout()).isEmpty();
            assertThat(answer.stderr()).isEqualTo("nc: connect to 10.32.96.0 port 4020 (tcp) failed: Connection refused\n");
        }

        @Test
        void clusterConfOfHealthyVkt03MatchesTheSeed() {
            assertThat(run("vkt03", SHOW_CLUSTER_CONF).stdout())
                    .isEqualTo(fixture("ctlr-conf/fgrep-ipros-cluster-vkt03-main.txt"));
            // the replica believes in the same main: the two files agree, as the seed requires
            assertThat(run("vkt04", SHOW_CLUSTER_CONF).stdout())
                    .isEqualTo(fixture("ctlr-conf/fgrep-ipros-cluster-vkt03-main.txt"));
        }

        @Test
        void commandLinesAreTrimmed() {
            assertThat(run("vkt03", "  " + IPROS_CLUSTER_SHOW + "\n").stdout())
                    .isEqualTo(fixture("ipros-cluster-show/healthy-vkt03.txt"));
        }
    }

    @Nested
    class SeedProcedures {

        @Test
        void replicaProcedureOnVkt04RebuildsTheReplica() {
            // Given the alert "no active replicas, check ctlr logs on vkt04"
            sim.inject("replica-lost");
            assertThat(sim.node("vkt04").dataBroken()).isTrue();

            // When the seed's commands run on vkt04
            List<LabAnswer> answers = List.of(
                    run("vkt04", STOP),
                    run("vkt04", MOVE_DATA_ASIDE),
                    run("vkt04", CREATE_DATA_DIRS),
                    run("vkt04", REPLICATE),
                    run("vkt04", DISABLE));

            // Then every step succeeded and the replica is back, disabled, its old data aside
            assertThat(answers).extracting(LabAnswer::exit).containsOnly(0);
            assertThat(answers.get(4).stderr())
                    .isEqualTo("Removed \"/etc/systemd/system/multi-user.target.wants/ctlr-1.service\".\n");
            NodeState vkt04 = sim.node("vkt04");
            assertThat(vkt04.role()).isEqualTo(Role.REPLICA);
            assertThat(vkt04.running()).isTrue();
            assertThat(vkt04.enabled()).isFalse();
            assertThat(vkt04.dataDirs()).containsExactly("/data/ctlr-1", BACKUP);
            assertThat(vkt04.owner()).isEqualTo("quantum");
            assertThat(vkt04.dataSubdirs()).containsExactly("backup", "df", "log");
            assertThat(vkt04.dataBroken()).isFalse();
            assertThat(vkt04.reReplicated()).isTrue();
            assertThat(sim.commandLines("vkt04")).containsExactly(STOP, MOVE_DATA_ASIDE, CREATE_DATA_DIRS, REPLICATE,
                    DISABLE);

            // and the checks on vkt03 read as the seed says
            assertThat(run("vkt03", TOPO_CHECK).stdout()).isEqualTo(fixture("ctlr-topo-check/ok.txt"));
            assertThat(collapseSpaces(run("vkt03", IPROS_CLUSTER_SHOW).stdout()))
                    .isEqualTo(collapseSpaces(fixture("ipros-cluster-show/rebuilt-vkt03.txt")));
            assertThat(sim.state().topologyOk()).isTrue();
        }

        @Test
        void splitBrainProcedureOnVkt03KeepsVkt04AsMain() {
            // Given two masters, and the decision that vkt04 stays master
            sim.inject("two-masters");

            // When the seed's commands run on vkt03
            List<LabAnswer> answers = List.of(
                    run("vkt03", STOP),
                    run("vkt03", COPY_DATA_ASIDE),
                    run("vkt03", REPLICATE),
                    run("vkt03", DISABLE));

            // Then
            assertThat(answers).extracting(LabAnswer::exit).containsOnly(0);
            NodeState vkt03 = sim.node("vkt03");
            NodeState vkt04 = sim.node("vkt04");
            assertThat(vkt04.role()).isEqualTo(Role.MAIN);
            assertThat(vkt04.running()).isTrue();
            assertThat(vkt03.role()).isEqualTo(Role.REPLICA);
            assertThat(vkt03.running()).isTrue();
            assertThat(vkt03.enabled()).isFalse();
            assertThat(vkt03.dataDirs()).containsExactly("/data/ctlr-1", BACKUP);
            assertThat(vkt03.reReplicated()).isTrue();
            assertThat(run("vkt03", TOPO_CHECK).stdout()).isEqualTo(fixture("ctlr-topo-check/ok.txt"));
            assertThat(run("vkt03", IPROS_CLUSTER_SHOW).stdout())
                    .isEqualTo(fixture("ipros-cluster-show/re-replicated-vkt03.txt"));
            assertThat(run("vkt03", SHOW_CLUSTER_CONF).stdout()).endsWith("ipros_cluster_main vkt04.weave.local\n");
        }
    }

    @Nested
    class Refusals {

        @Test
        void imDeployerRefusesWhileTheControllerRuns() {
            LabAnswer answer = run("vkt04", REPLICATE);
            assertThat(answer.exit()).isEqualTo(1);
            assertThat(answer.stderr()).isEqualTo("ERROR: ctlr-1 is running, stop it first\n");
            assertThat(sim.node("vkt04").reReplicated()).isFalse();
        }

        @Test
        void imDeployerRefusesWithoutTheDataDirectory() {
            // Given
            sim.inject("replica-lost");
            run("vkt04", MOVE_DATA_ASIDE);
            // When
            LabAnswer answer = run("vkt04", REPLICATE);
            // Then
            assertThat(answer.exit()).isEqualTo(1);
            assertThat(answer.stderr()).isEqualTo("ERROR: /data/ctlr-1 does not exist\n");
            assertThat(sim.node("vkt04").running()).isFalse();
        }

        @Test
        void imDeployerRefusesWithoutARunningMainElsewhere() {
            // Given the main is stopped
            run("vkt03", STOP);
            run("vkt04", STOP);
            // When
            LabAnswer answer = run("vkt04", REPLICATE);
            // Then
            assertThat(answer.exit()).isEqualTo(1);
            assertThat(answer.stderr()).isEqualTo("ERROR: no running ctlr main found in the cluster\n");
        }

        @Test
        void moveAndCopyFailWithoutTheDataDirectory() {
            // Given
            assertThat(run("vkt04", MOVE_DATA_ASIDE).exit()).isZero();
            // When
            LabAnswer mv = run("vkt04", MOVE_DATA_ASIDE);
            LabAnswer cp = run("vkt04", COPY_DATA_ASIDE);
            // Then
            assertThat(mv.exit()).isEqualTo(1);
            assertThat(mv.stderr()).isEqualTo("mv: cannot stat '/data/ctlr-1': No such file or directory\n");
            assertThat(cp.exit()).isEqualTo(1);
            assertThat(cp.stderr()).isEqualTo("cp: cannot stat '/data/ctlr-1': No such file or directory\n");
            assertThat(sim.node("vkt04").dataDirs()).containsExactly(BACKUP);
        }

        @Test
        void theUnitDoesNotStartOnBrokenData() {
            // Given
            sim.inject("replica-lost");
            // When
            LabAnswer answer = run("vkt04", START);
            // Then
            assertThat(answer.exit()).isEqualTo(1);
            assertThat(answer.stderr()).startsWith("Job for ctlr-1.service failed");
            assertThat(sim.node("vkt04").running()).isFalse();
        }

        @ParameterizedTest
        @CsvSource({
                "'ls -la /data', ls",
                "'systemctl stop ctlr-2', systemctl",
                "'echo ipros_cluster_show | nc 10.32.88.0 4020', echo",
                "'/usr/local/bin/im_deployer --ctlr-repl', /usr/local/bin/im_deployer"})
        void unknownCommandsAnswerLikeShWith127(String command, String firstWord) {
            // When
            LabAnswer answer = run("vkt03", command);
            // Then
            assertThat(answer.exit()).isEqualTo(127);
            assertThat(answer.stdout()).isEmpty();
            assertThat(answer.stderr()).isEqualTo("sh: 1: " + firstWord + ": not found\n");
            assertThat(sim.history("vkt03")).last().satisfies(r -> {
                assertThat(r.command()).isEqualTo(command);
                assertThat(r.exit()).isEqualTo(127);
            });
        }

        @Test
        void anUnknownHostIsAnError() {
            assertThatThrownBy(() -> run("vkt99", TOPO_CHECK))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("vkt99").hasMessageContaining("vkt03");
        }
    }

    @Nested
    class Systemctl {

        @Test
        void stopStartAndIsActive() {
            assertThat(run("vkt04", IS_ACTIVE)).isEqualTo(new LabAnswer(0, "active\n", ""));
            assertThat(run("vkt04", STOP).exit()).isZero();
            assertThat(run("vkt04", IS_ACTIVE)).isEqualTo(new LabAnswer(3, "inactive\n", ""));
            assertThat(run("vkt03", TOPO_CHECK).stdout())
                    .isEqualTo(fixture("ctlr-topo-check/no-active-replicas-vkt04.txt"));
            assertThat(run("vkt04", START).exit()).isZero();
            assertThat(run("vkt04", IS_ACTIVE).exit()).isZero();
            assertThat(run("vkt03", TOPO_CHECK).stdout()).isEqualTo(fixture("ctlr-topo-check/ok.txt"));
        }

        @Test
        void disableAndEnableReportTheSymlinkOnlyWhenTheyChangeSomething() {
            assertThat(run("vkt04", DISABLE).stderr()).startsWith("Removed ");
            assertThat(run("vkt04", DISABLE)).isEqualTo(new LabAnswer(0, "", ""));
            assertThat(sim.node("vkt04").enabled()).isFalse();
            assertThat(run("vkt04", ENABLE).stderr()).startsWith("Created symlink ");
            assertThat(run("vkt04", ENABLE)).isEqualTo(new LabAnswer(0, "", ""));
            assertThat(sim.node("vkt04").enabled()).isTrue();
        }
    }

    @Nested
    class Faults {

        @Test
        void initialStateIsHealthy() {
            assertThat(sim.state().lastInjectedFault()).isEqualTo("healthy");
            assertThat(sim.state().topologyOk()).isTrue();
            assertThat(sim.state().nodes()).extracting(NodeState::name, NodeState::role, NodeState::running,
                            NodeState::enabled, NodeState::dataDirs, NodeState::owner)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("vkt03", Role.MAIN, true, true,
                                    List.of("/data/ctlr-1"), "quantum"),
                            org.assertj.core.groups.Tuple.tuple("vkt04", Role.REPLICA, true, true,
                                    List.of("/data/ctlr-1"), "quantum"));
        }

        @Test
        void replicaLostCrashesVkt04OnBrokenData() {
            sim.inject("replica-lost");
            NodeState vkt04 = sim.node("vkt04");
            assertThat(vkt04.running()).isFalse();
            assertThat(vkt04.enabled()).isTrue();
            assertThat(vkt04.dataBroken()).isTrue();
            assertThat(sim.node("vkt03").role()).isEqualTo(Role.MAIN);
            assertThat(sim.node("vkt03").running()).isTrue();
        }

        @Test
        void twoMastersAndBackToHealthy() {
            sim.inject("two-masters");
            assertThat(sim.state().nodes()).extracting(NodeState::role).containsOnly(Role.MAIN);
            assertThat(sim.state().topologyOk()).isFalse();
            sim.inject("healthy");
            assertThat(run("vkt03", IPROS_CLUSTER_SHOW).stdout())
                    .isEqualTo(fixture("ipros-cluster-show/healthy-vkt03.txt"));
        }

        @Test
        void injectResetsTheDataDirectories() {
            run("vkt04", STOP);
            run("vkt04", MOVE_DATA_ASIDE);
            sim.inject("healthy");
            assertThat(sim.node("vkt04").dataDirs()).containsExactly("/data/ctlr-1");
        }

        @Test
        void unknownFaultNamesTheValidOnes() {
            assertThatThrownBy(() -> sim.inject("disk-full"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("disk-full")
                    .hasMessageContaining("healthy, replica-lost, two-masters");
        }

        @Test
        void otherNodeNamesGetStableAddresses() {
            MessengerSimulation other = new MessengerSimulation(List.of("node-b", "node-a"), CLOCK);
            String show = other.execute("node-a", IPROS_CLUSTER_SHOW).stdout();
            assertThat(show).startsWith("node-a.weave.local      10.32.").contains(" self main\n")
                    .contains("node-b.weave.local").endsWith(" alive\n");
            assertThat(MessengerSimulation.derivedAddress("node-a")).isEqualTo(MessengerSimulation.derivedAddress("node-a"));
            assertThatThrownBy(() -> new MessengerSimulation(List.of("solo"), CLOCK))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
