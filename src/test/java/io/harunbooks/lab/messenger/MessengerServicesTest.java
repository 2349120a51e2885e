package io.harunbooks.lab.messenger;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.messenger.MessengerServices.AutoflipState;
import io.harunbooks.lab.messenger.MessengerServices.MysqlClusterState;
import io.harunbooks.lab.messenger.MessengerServices.ReplicaSetState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.harunbooks.lab.messenger.MessengerServices.CLEAN_KUST_COX;
import static io.harunbooks.lab.messenger.MessengerServices.CLEAN_TNT_BADGER;
import static io.harunbooks.lab.messenger.MessengerServices.FILES_REPLICA;
import static io.harunbooks.lab.messenger.MessengerServices.FIX_ERRANTS_FILES_REPLICA;
import static io.harunbooks.lab.messenger.MessengerServices.FLIP_BADGER_VKT03;
import static io.harunbooks.lab.messenger.MessengerServices.IC_MAP_BADGER;
import static io.harunbooks.lab.messenger.MessengerServices.IC_MAP_COX;
import static io.harunbooks.lab.messenger.MessengerServices.IC_MAP_FATE;
import static io.harunbooks.lab.messenger.MessengerServices.KUBECTL_FILES;
import static io.harunbooks.lab.messenger.MessengerServices.ORCH_TOPO;
import static io.harunbooks.lab.messenger.MessengerServices.RESTART_BADGER;
import static io.harunbooks.lab.messenger.MessengerServices.REUP_FILES_REPLICA;
import static io.harunbooks.lab.messenger.MessengerServices.SET_AUTOFLIP_FATE;
import static io.harunbooks.lab.messenger.MessengerServices.STORE_REPLICA;
import static io.harunbooks.lab.messenger.MessengerSimulationTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The messenger services of the lab, driven through {@link MessengerSimulation#execute} as the SSH hosts and the
 * process tests drive them. Outputs are compared with the seed's fixtures: exactly, except where noted (seed host
 * names replaced by the lab's; whitespace normalised for the sample the seed's document wraps; only the files lines
 * where the seed shows only those).
 */
class MessengerServicesTest {

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        private Instant now;
        private final ZoneId zone;

        TestClock(Instant now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new TestClock(now, z);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The seed's im_utils time: 25 Feb 25 15:29:31 854622. */
    private static final Instant SEED_TIME = Instant.parse("2025-02-25T15:29:31.854622Z");
    private static final Duration SETTLE = Duration.ofMinutes(2);

    private TestClock clock;
    private MessengerSimulation sim;

    @BeforeEach
    void setUp() {
        clock = new TestClock(SEED_TIME, ZoneOffset.UTC);
        sim = new MessengerSimulation(List.of("vkt04", "vkt03"), clock, SETTLE);
    }

    private LabAnswer run(String host, String command) {
        return sim.execute(host, command);
    }

    private ReplicaSetState cox() {
        return sim.state().services().kust().get("cox");
    }

    private ReplicaSetState badger() {
        return sim.state().services().tarantool().get("badger");
    }

    private MysqlClusterState mysql(String cluster) {
        return sim.state().services().mysql().get(cluster);
    }

    private AutoflipState fate() {
        return sim.state().services().autoflip().get("fate");
    }

    /** The seed's KUST hosts -01/-02 are the lab's vkt03/vkt04. */
    private static String coxOnLabHosts(String seed) {
        return seed.replace("vkt-4vm-879-standart-01", "vkt03").replace("10.32.0.1:", "10.32.88.0:")
                .replace("vkt-4vm-879-standart-02", "vkt04");
    }

    /** The seed's Tarantool hosts -01/-02 are the lab's vkt03/vkt04. */
    private static String badgerOnLabHosts(String seed) {
        return seed.replace("vkt-4vm-675-standart-01", "vkt03").replace("10.32.0.1:", "10.32.88.0:")
                .replace("vkt-4vm-675-standart-02", "vkt04").replace("10.32.48.0:", "10.32.96.0:");
    }

    private static List<String> lines(String s) {
        return Arrays.asList(s.split("\n", -1));
    }

    private static String normalised(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    /** Polls kubectl until the files replica's pod reads 5/5 (at most 10 polls), returning the last output. */
    private String pollUntilReady(String namespace) {
        String out = "";
        for (int i = 0; i < 10 && !out.contains("-1\t5/5\t"); i++) {
            out = run("vkt03", "kubectl -n " + namespace + " get po").stdout();
        }
        return out;
    }

    @Nested
    class Fixtures {

        @Test
        void coxMapIsTheSeedsOnTheLabHosts() {
            LabAnswer answer = run("vkt04", IC_MAP_COX);
            assertThat(answer.exit()).isZero();
            assertThat(answer.stdout()).isEqualTo(coxOnLabHosts(fixture("ic-map/cox-healthy.txt")));
            assertThat(answer.stdout()).isEqualTo("node cox-1 (2147483648 buckets)\n"
                    + "  srv cox.vkt03.cox-1 10.32.88.0:2510 alive main\n"
                    + "  srv cox.vkt04.cox-1 10.32.96.0:2510 alive slave\n");
        }

        @Test
        void badgerMapKeepsTheSeedsTabs() {
            LabAnswer answer = run("vkt03", IC_MAP_BADGER);
            assertThat(answer.stdout()).isEqualTo(badgerOnLabHosts(fixture("ic-map/badger-healthy.txt")));
            assertThat(answer.stdout()).isEqualTo("node\tbadger-3\t(268435456 buckets)\t\t\t\n"
                    + "srv\tbadger.vkt03.badger-3\t\t10.32.88.0:2502\talive\tslave\n"
                    + "srv\tbadger.vkt04.badger-3\t\t10.32.96.0:2502\talive\tmain\n");
        }

        @Test
        void fateEnabledIsTheSeedsLastSampleExactly() {
            assertThat(run("vkt03", IC_MAP_FATE)).isEqualTo(
                    new LabAnswer(0, fixture("ic-map/fate-autoflip-enabled.txt"), ""));
        }

        @Test
        void fateBlockedIsTheSeedsSampleWithLastseenOnItsLine() {
            sim.inject("autoflip-blocked");
            String out = run("vkt03", IC_MAP_FATE).stdout();
            // whitespace-normalised: the seed's document wraps the timestamp after "lastseen:"
            assertThat(normalised(out)).isEqualTo(normalised(fixture("ic-map/fate-autoflip-blocked.txt")));
            assertThat(lines(out)).containsExactly(
                    "autoflip:  disable  due  to  previous  autoflip  -  have  to  unset  manually",
                    "[ALERT]",
                    "node 01      (4294967296  buckets)",
                    "  srv  fate.onpremise.fate-1  10.32.0.1:2517  dead  slave  lastseen: 2025-08-14/14:09:05",
                    "  srv  fate.onpremise.fate-2  10.32.0.1:2553  alive  main",
                    "");
        }

        @Test
        void cleanScriptsEndWithTheSeedsLines() {
            sim.inject("kust-replica-failed");
            assertThat(run("vkt04", CLEAN_KUST_COX).stdout()).startsWith("INFO: stopping cox-1\nremoved '")
                    .endsWith(fixture("clean-kust-replica/success-tail.txt"));
            sim.inject("tarantool-replication-stopped");
            assertThat(run("vkt03", CLEAN_TNT_BADGER).stdout()).contains("removed '")
                    .endsWith(fixture("clean-tnt-replica/success-tail.txt"));
        }

        @Test
        void orchTopoHealthyIsTheSeedsBlockExactly() {
            assertThat(run("vkt03", ORCH_TOPO)).isEqualTo(new LabAnswer(0, fixture("orch-topo/healthy.txt"), ""));
        }

        @Test
        void orchTopoTwoMastersAndReplicaWithoutMasterAreTheSeedsExactly() {
            sim.inject("mysql-two-masters");
            assertThat(run("vkt03", ORCH_TOPO).stdout()).isEqualTo(fixture("orch-topo/two-masters.txt"));
            sim.inject("mysql-replica-without-master");
            // the seed shows this output in two blocks; the fixture joins them
            assertThat(run("vkt03", ORCH_TOPO).stdout()).isEqualTo(fixture("orch-topo/replica-without-master.txt"));
        }

        @Test
        void orchTopoBrokenAndErrantStartWithTheSeedsTwoLinesAndTheRestIsHealthy() {
            List<String> healthyRest = lines(fixture("orch-topo/healthy.txt")).subList(2, 7);
            for (String[] c : new String[][]{{"mysql-broken-replica", "orch-topo/broken-replica.txt"},
                    {"mysql-errant", "orch-topo/errant.txt"}}) {
                sim.inject(c[0]);
                List<String> out = lines(run("vkt03", ORCH_TOPO).stdout());
                // the seed shows only the files lines
                assertThat(out.subList(0, 2)).as(c[0]).isEqualTo(lines(fixture(c[1])).subList(0, 2));
                assertThat(out.subList(2, out.size())).as(c[0]).isEqualTo(healthyRest);
            }
        }

        @Test
        void reupPrintsTheSeedsFiveLinesAtTheClocksTime() {
            sim.inject("mysql-broken-replica");
            assertThat(run("vkt04", REUP_FILES_REPLICA))
                    .isEqualTo(new LabAnswer(0, fixture("im-utils-reup/files-replica-1.txt"), ""));
        }

        @Test
        void kubectlShowsTheSeedsRowNineMinutesAfterTheReup() {
            sim.inject("mysql-broken-replica");
            run("vkt04", REUP_FILES_REPLICA);
            for (int i = 0; i < 3; i++) {
                run("vkt03", KUBECTL_FILES);
            }
            clock.advance(Duration.ofMinutes(9));
            List<String> out = lines(run("vkt03", KUBECTL_FILES).stdout());
            List<String> seed = lines(fixture("kubectl-get-po/files-ready.txt"));
            // the seed shows the header and the re-upped pod's row; the lab also lists the master's pod
            assertThat(out).containsExactly(seed.get(0),
                    "files-mysql-mysql-cluster-im-db-mysql-0\t5/5\tRunning\t0\t41d", seed.get(1), "");
        }
    }

    @Nested
    class Kust {

        @Test
        void cleanOnTheSlaveRestartsReplication() {
            // Given
            sim.inject("kust-replica-failed");
            assertThat(cox().replicating()).isFalse();
            // When
            LabAnswer answer = run("vkt04", CLEAN_KUST_COX);
            // Then
            assertThat(answer.exit()).isZero();
            assertThat(answer.stdout()).endsWith("INFO: starting cox-1\nINFO: successfully started cox-1\n");
            assertThat(cox()).satisfies(c -> {
                assertThat(c.replicating()).isTrue();
                assertThat(c.lastCleanOk()).isTrue();
                assertThat(c.lastCleanHost()).isEqualTo("vkt04");
                assertThat(c.cleans()).isEqualTo(1);
                assertThat(c.mainHost()).isEqualTo("vkt03");
                assertThat(c.slaveHost()).isEqualTo("vkt04");
                assertThat(c.slaveSrv()).isEqualTo("cox.vkt04.cox-1");
            });
        }

        @Test
        void cleanOnTheMainIsRefused() {
            sim.inject("kust-replica-failed");
            assertThat(run("vkt03", CLEAN_KUST_COX))
                    .isEqualTo(LabAnswer.fail(1, "ERROR: cox-1 is main on this node, refusing to clean\n"));
            assertThat(cox().replicating()).isFalse();
            assertThat(cox().cleans()).isZero();
            assertThat(cox().lastCleanOk()).isNull();
        }

        @Test
        void unexpectedCleanEndsInAnErrorLineWithExitZero() {
            sim.inject("kust-clean-unexpected");
            LabAnswer answer = run("vkt04", CLEAN_KUST_COX);
            assertThat(answer.exit()).isZero();
            assertThat(answer.stdout()).endsWith("INFO: starting cox-1\nERROR: failed to start cox-1\n");
            assertThat(cox().replicating()).isFalse();
            assertThat(cox().lastCleanOk()).isFalse();
        }

        @Test
        void unknownInstanceIsAnError() {
            assertThat(run("vkt04", "clean_kust_replica.sh cox-9"))
                    .isEqualTo(LabAnswer.fail(1, "ERROR: unknown instance cox-9\n"));
            assertThat(run("vkt04", "clean_kust_replica.sh badger-3").exit()).isEqualTo(1);
        }
    }

    @Nested
    class Tarantool {

        @Test
        void seedProcedureCleansWaitsFlipsAndRestartsTheFormerMain() {
            // Given
            sim.inject("tarantool-replication-stopped");
            assertThat(badger().replicating()).isFalse();
            assertThat(badger().slaveSrv()).isEqualTo("badger.vkt03.badger-3");
            // When the slave is cleaned
            LabAnswer clean = run("vkt03", CLEAN_TNT_BADGER);
            // Then
            assertThat(clean.exit()).isZero();
            assertThat(badger().replicating()).isTrue();
            assertThat(badger().resyncing()).isTrue();
            assertThat(badger().lastCleanOk()).isTrue();

            // When flipped before settleTime: not in sync, nothing changes
            clock.advance(SETTLE.minusSeconds(1));
            assertThat(run("vkt03", FLIP_BADGER_VKT03))
                    .isEqualTo(LabAnswer.fail(1, "ERROR: replica badger-3 is not in sync yet\n"));
            assertThat(badger().mainHost()).isEqualTo("vkt04");
            assertThat(badger().flips()).isZero();

            // When flipped after settleTime: the roles swap
            clock.advance(Duration.ofSeconds(1));
            assertThat(badger().resyncing()).isFalse();
            assertThat(run("vkt03", FLIP_BADGER_VKT03)).isEqualTo(LabAnswer.ok("started\n"));
            assertThat(badger()).satisfies(b -> {
                assertThat(b.mainHost()).isEqualTo("vkt03");
                assertThat(b.slaveHost()).isEqualTo("vkt04");
                assertThat(b.flips()).isEqualTo(1);
                assertThat(b.lastFlipHost()).isEqualTo("vkt03");
            });
            assertThat(run("vkt03", IC_MAP_BADGER).stdout()).isEqualTo("node\tbadger-3\t(268435456 buckets)\t\t\t\n"
                    + "srv\tbadger.vkt03.badger-3\t\t10.32.88.0:2502\talive\tmain\n"
                    + "srv\tbadger.vkt04.badger-3\t\t10.32.96.0:2502\talive\tslave\n");

            // When the former main is restarted
            assertThat(run("vkt04", RESTART_BADGER)).isEqualTo(LabAnswer.ok(""));
            assertThat(badger().restarts()).isEqualTo(Map.of("vkt03", 0, "vkt04", 1));
            assertThat(sim.commandLines("vkt04")).containsExactly(RESTART_BADGER);
        }

        @Test
        void flipWithReplicationStoppedIsNotInSync() {
            sim.inject("tarantool-replication-stopped");
            assertThat(run("vkt03", FLIP_BADGER_VKT03).stderr()).isEqualTo("ERROR: replica badger-3 is not in sync yet\n");
        }

        @Test
        void flipOfAMainOrAnUnknownSrvIsAnError() {
            LabAnswer main = run("vkt03", "ic flip badger.vkt04.badger-3");
            LabAnswer unknown = run("vkt03", "ic flip badger.vkt99.badger-3");
            assertThat(main.exit()).isEqualTo(1);
            assertThat(main.stderr()).startsWith("ERROR: ");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.stderr()).contains("badger.vkt99.badger-3");
            assertThat(badger().flips()).isZero();
        }

        @Test
        void cleanOnTheMainIsRefused() {
            sim.inject("tarantool-replication-stopped");
            assertThat(run("vkt04", CLEAN_TNT_BADGER))
                    .isEqualTo(LabAnswer.fail(1, "ERROR: badger-3 is main on this node, refusing to clean\n"));
            assertThat(badger().cleans()).isZero();
        }

        @Test
        void unexpectedCleanAppendsTheIprosError() {
            sim.inject("tarantool-clean-unexpected");
            LabAnswer answer = run("vkt03", CLEAN_TNT_BADGER);
            assertThat(answer.exit()).isZero();
            assertThat(answer.stdout()).endsWith(fixture("clean-tnt-replica/success-tail.txt")
                    + "ERROR: IPROS instance badger-3 exited\n");
            assertThat(badger().lastCleanOk()).isFalse();
            assertThat(badger().replicating()).isFalse();
        }

        @Test
        void flipErrorOnceFailsTheFirstFlipAfterTheClean() {
            sim.inject("tarantool-flip-error-once");
            run("vkt03", CLEAN_TNT_BADGER);
            clock.advance(SETTLE);
            assertThat(run("vkt03", FLIP_BADGER_VKT03)).isEqualTo(LabAnswer.fail(1, "ERROR: flip failed: timeout\n"));
            assertThat(badger().mainHost()).isEqualTo("vkt04");
            assertThat(run("vkt03", FLIP_BADGER_VKT03)).isEqualTo(LabAnswer.ok("started\n"));
            assertThat(badger().mainHost()).isEqualTo("vkt03");
        }

        @Test
        void flipErrorAlwaysNeverFlips() {
            sim.inject("tarantool-flip-error-always");
            run("vkt03", CLEAN_TNT_BADGER);
            clock.advance(SETTLE);
            for (int i = 0; i < 3; i++) {
                assertThat(run("vkt03", FLIP_BADGER_VKT03).stderr()).isEqualTo("ERROR: flip failed: timeout\n");
            }
            assertThat(badger().flips()).isZero();
        }

        @Test
        void restartOfAnUnknownUnitFails() {
            assertThat(run("vkt04", "systemctl restart tarantool@badger-9 badger-9").exit()).isEqualTo(5);
            assertThat(badger().restarts()).containsOnly(Map.entry("vkt03", 0), Map.entry("vkt04", 0));
        }
    }

    @Nested
    class Mysql {

        @Test
        void reupRecreatesThePodOverPollsAndRepairsTheReplica() {
            // Given
            sim.inject("mysql-broken-replica");
            assertThat(mysql("files").replicaStatus()).isEqualTo("broken");
            // When
            assertThat(run("vkt04", REUP_FILES_REPLICA).exit()).isZero();
            // Then the pod comes back one phase per poll
            assertThat(mysql("files").reups()).isEqualTo(1);
            assertThat(run("vkt03", KUBECTL_FILES).stdout()).contains("-1\t0/5\tPending\t0\t0s\n");
            assertThat(run("vkt03", ORCH_TOPO).stdout()).contains("- " + FILES_REPLICA);
            clock.advance(Duration.ofSeconds(30));
            assertThat(run("vkt03", KUBECTL_FILES).stdout()).contains("-1\t0/5\tContainerCreating\t0\t30s\n");
            assertThat(run("vkt03", KUBECTL_FILES).stdout()).contains("-1\t3/5\tRunning\t0\t30s\n");
            assertThat(mysql("files").replicaStatus()).isEqualTo("broken");
            assertThat(run("vkt03", KUBECTL_FILES).stdout()).contains("-1\t5/5\tRunning\t0\t30s\n");
            assertThat(run("vkt03", KUBECTL_FILES).stdout()).contains("-1\t5/5\tRunning\t0\t30s\n");
            // and orch_topo is healthy again
            assertThat(run("vkt03", ORCH_TOPO).stdout()).isEqualTo(fixture("orch-topo/healthy.txt"));
            assertThat(mysql("files")).satisfies(f -> {
                assertThat(f.replicaStatus()).isEqualTo("ok");
                assertThat(f.podReady()).isEqualTo("5/5");
                assertThat(f.podStatus()).isEqualTo("Running");
                assertThat(f.podPolls()).isEqualTo(5);
                assertThat(f.master()).isEqualTo("files-mysql-mysql-cluster-im-db-mysql-0.mysql.files:3306");
                assertThat(f.replica()).isEqualTo(FILES_REPLICA);
            });
        }

        @Test
        void twoBrokenReplicasAreRepairedInOneRun() {
            sim.inject("mysql-two-broken");
            assertThat(run("vkt03", ORCH_TOPO).stdout()).contains("- " + FILES_REPLICA).contains("- " + STORE_REPLICA);
            assertThat(run("vkt03", REUP_FILES_REPLICA).exit()).isZero();
            assertThat(run("vkt03", "im_utils --reup-mysql-replica " + STORE_REPLICA).stdout())
                    .contains("deleting pod store:store-mysql-mysql-cluster-im-db-mysql-1 |");
            assertThat(pollUntilReady("files")).contains("-1\t5/5\tRunning");
            assertThat(mysql("store").replicaStatus()).isEqualTo("broken");
            assertThat(pollUntilReady("store")).contains("-1\t5/5\tRunning");
            assertThat(run("vkt03", ORCH_TOPO).stdout()).isEqualTo(fixture("orch-topo/healthy.txt"));
        }

        @Test
        void aPodThatNeverGetsReadyLeavesTheReplicaBroken() {
            sim.inject("mysql-pod-never-ready");
            run("vkt03", REUP_FILES_REPLICA);
            String last = "";
            for (int i = 0; i < 6; i++) {
                last = run("vkt03", KUBECTL_FILES).stdout();
            }
            assertThat(last).contains("-1\t0/5\tCrashLoopBackOff\t");
            assertThat(mysql("files").podStatus()).isEqualTo("CrashLoopBackOff");
            assertThat(mysql("files").replicaStatus()).isEqualTo("broken");
            assertThat(run("vkt03", ORCH_TOPO).stdout()).contains("- " + FILES_REPLICA);
        }

        @Test
        void fixErrantsClearsTheMarkAfterSettleTime() {
            // Given
            sim.inject("mysql-errant");
            assertThat(mysql("files").replicaStatus()).isEqualTo("errant");
            // When
            LabAnswer answer = run("vkt04", FIX_ERRANTS_FILES_REPLICA);
            // Then
            assertThat(answer.exit()).isZero();
            assertThat(answer.stdout()).startsWith("25 Feb 25 15:29:31 854622 | INFO | ");
            assertThat(mysql("files").errantFixPending()).isTrue();
            clock.advance(SETTLE.minusSeconds(1));
            assertThat(run("vkt03", ORCH_TOPO).stdout()).contains(FILES_REPLICA + " (files-mysql-mysql-cluster-im-db"
                    + "-mysql-1) [0s,ok,8.0.27-18,ro,ROW,>>,GTID:errant]");
            clock.advance(Duration.ofSeconds(1));
            assertThat(run("vkt03", ORCH_TOPO).stdout()).isEqualTo(fixture("orch-topo/healthy.txt"));
            assertThat(mysql("files").replicaStatus()).isEqualTo("ok");
            assertThat(mysql("files").errantFixes()).isEqualTo(1);
        }

        @Test
        void refusals() {
            assertThat(run("vkt03", "im_utils --reup-mysql-replica nope:3306"))
                    .isEqualTo(LabAnswer.fail(1, "ERROR: unknown replica nope:3306\n"));
            assertThat(run("vkt03", "im_utils --reup-mysql-replica "
                    + "files-mysql-mysql-cluster-im-db-mysql-0.mysql.files:3306").stderr()).contains("is a master");
            assertThat(run("vkt03", "im_utils --orch-fix-errants nope:3306").exit()).isEqualTo(1);
            sim.inject("mysql-replica-without-master");
            assertThat(run("vkt03", REUP_FILES_REPLICA).exit()).isEqualTo(1);
            assertThat(mysql("files").master()).isNull();
            assertThat(mysql("files").replicaStatus()).isEqualTo("no-master");
        }

        @Test
        void kubectlOfAnUnknownNamespaceFindsNothing() {
            assertThat(run("vkt03", "kubectl -n nope get po"))
                    .isEqualTo(new LabAnswer(0, "", "No resources found in nope namespace.\n"));
            assertThat(run("vkt03", "kubectl -n keycloak get po").stdout()).isEqualTo("NAME\tREADY\tSTATUS\tRESTARTS\tAGE\n"
                    + "keycloak-mysql-mysql-cluster-im-db-mysql-0\t5/5\tRunning\t0\t41d\n"
                    + "keycloak-mysql-mysql-cluster-im-db-mysql-1\t5/5\tRunning\t0\t41d\n");
        }

        @Test
        void ageIsPrintedLikeKubectl() {
            assertThat(MessengerServices.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
            assertThat(MessengerServices.humanDuration(Duration.ofSeconds(150))).isEqualTo("2m30s");
            assertThat(MessengerServices.humanDuration(Duration.ofMinutes(9))).isEqualTo("9m");
            assertThat(MessengerServices.humanDuration(Duration.ofMinutes(42))).isEqualTo("42m");
            assertThat(MessengerServices.humanDuration(Duration.ofMinutes(250))).isEqualTo("4h10m");
            assertThat(MessengerServices.humanDuration(Duration.ofDays(41))).isEqualTo("41d");
        }
    }

    @Nested
    class Autoflip {

        @Test
        void setAutoflipEnablesAndTheAlertClears() {
            // Given
            sim.inject("autoflip-blocked");
            assertThat(fate().blocked()).isTrue();
            assertThat(fate().enabled()).isFalse();
            assertThat(run("vkt03", MessengerSimulation.TOPO_CHECK).stdout())
                    .isEqualTo("2 ctlr_topo_check - - ctlr topology is BAD: autoflip blocked for maps: [fate]\n");
            // When
            assertThat(run("vkt04", SET_AUTOFLIP_FATE)).isEqualTo(LabAnswer.ok("OK\n"));
            // Then
            assertThat(fate().enabled()).isTrue();
            assertThat(fate().blocked()).isFalse();
            assertThat(fate().enabledWhileReplicationBroken()).isFalse();
            assertThat(run("vkt03", IC_MAP_FATE).stdout()).isEqualTo(fixture("ic-map/fate-autoflip-enabled.txt"));
            assertThat(run("vkt03", MessengerSimulation.TOPO_CHECK).stdout())
                    .isEqualTo(fixture("ctlr-topo-check/ok.txt"));
        }

        @Test
        void enablingBeforeRepairingReplicationIsRecorded() {
            sim.inject("autoflip-blocked-kust-broken");
            assertThat(cox().replicating()).isFalse();
            run("vkt03", SET_AUTOFLIP_FATE);
            assertThat(fate().enabledWhileReplicationBroken()).isTrue();
        }

        @Test
        void repairingReplicationFirstIsClean() {
            sim.inject("autoflip-blocked-kust-broken");
            run("vkt04", CLEAN_KUST_COX);
            run("vkt03", SET_AUTOFLIP_FATE);
            assertThat(fate().enabled()).isTrue();
            assertThat(fate().enabledWhileReplicationBroken()).isFalse();
        }

        @Test
        void unknownServiceIsAnError() {
            assertThat(run("vkt03", "ic set_autoflip nope enable"))
                    .isEqualTo(LabAnswer.fail(1, "ERROR: map nope not found\n"));
            assertThat(run("vkt03", "ic map nope").exit()).isEqualTo(1);
        }
    }

    @Nested
    class Faults {

        @Test
        void everyFaultIsListedAndTheServicesStartHealthy() {
            assertThat(MessengerSimulation.FAULTS).startsWith("healthy", "replica-lost", "two-masters")
                    .containsAll(MessengerServices.FAULTS).hasSize(17);
            assertThat(cox().replicating()).isTrue();
            assertThat(badger().replicating()).isTrue();
            assertThat(sim.state().services().mysql()).containsOnlyKeys("files", "keycloak", "store");
            assertThat(sim.state().services().mysql().values()).extracting(MysqlClusterState::replicaStatus)
                    .containsOnly("ok");
            assertThat(fate().enabled()).isTrue();
        }

        @ParameterizedTest
        @CsvSource({
                "kust-replica-failed, cox, false, badger, true",
                "kust-clean-unexpected, cox, false, badger, true",
                "tarantool-replication-stopped, badger, false, cox, true",
                "tarantool-clean-unexpected, badger, false, cox, true",
                "tarantool-flip-error-once, badger, false, cox, true",
                "tarantool-flip-error-always, badger, false, cox, true",
                "autoflip-blocked-kust-broken, cox, false, badger, true"})
        void replicationFaults(String fault, String broken, boolean brokenReplicating, String other,
                               boolean otherReplicating) {
            sim.inject(fault);
            var s = sim.state().services();
            var all = new java.util.HashMap<String, ReplicaSetState>(s.kust());
            all.putAll(s.tarantool());
            assertThat(all.get(broken).replicating()).isEqualTo(brokenReplicating);
            assertThat(all.get(other).replicating()).isEqualTo(otherReplicating);
            assertThat(sim.state().lastInjectedFault()).isEqualTo(fault);
            assertThat(sim.state().topologyOk()).isTrue();
        }

        @ParameterizedTest
        @CsvSource({
                "mysql-broken-replica, broken, ok",
                "mysql-errant, errant, ok",
                "mysql-two-masters, two-masters, ok",
                "mysql-replica-without-master, no-master, ok",
                "mysql-two-broken, broken, broken",
                "mysql-pod-never-ready, broken, ok"})
        void mysqlFaults(String fault, String files, String store) {
            sim.inject(fault);
            assertThat(mysql("files").replicaStatus()).isEqualTo(files);
            assertThat(mysql("store").replicaStatus()).isEqualTo(store);
            assertThat(mysql("keycloak").replicaStatus()).isEqualTo("ok");
        }

        @Test
        void healthyResetsServicesAndControllers() {
            sim.inject("tarantool-replication-stopped");
            run("vkt03", CLEAN_TNT_BADGER);
            clock.advance(SETTLE);
            run("vkt03", FLIP_BADGER_VKT03);
            sim.inject("mysql-two-broken");
            assertThat(badger().mainHost()).as("every fault resets to healthy first").isEqualTo("vkt04");
            sim.inject("replica-lost");
            assertThat(mysql("files").replicaStatus()).isEqualTo("ok");
            sim.inject("autoflip-blocked");
            assertThat(sim.node("vkt04").running()).isTrue();
            sim.inject("healthy");
            assertThat(fate().enabled()).isTrue();
            assertThat(badger().flips()).isZero();
            assertThat(run("vkt03", ORCH_TOPO).stdout()).isEqualTo(fixture("orch-topo/healthy.txt"));
        }

        @Test
        void unknownFaultNamesAllFaults() {
            assertThatThrownBy(() -> sim.inject("disk-full")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("mysql-pod-never-ready").hasMessageContaining("autoflip-blocked-kust-broken");
        }
    }

    @Nested
    class UnknownCommands {

        @ParameterizedTest
        @CsvSource({
                "'ic map', ic",
                "'ic  map cox', ic",
                "'clean_kust_replica.sh', clean_kust_replica.sh",
                "'orch_topo.sh', orch_topo.sh",
                "'kubectl get po', kubectl",
                "'im_utils --reup-mysql-replica', im_utils",
                "'ic set_autoflip fate disable', ic",
                "'systemctl restart badger-3', systemctl"})
        void answerLikeShWith127(String command, String firstWord) {
            assertThat(run("vkt03", command)).isEqualTo(LabAnswer.fail(127, "sh: 1: " + firstWord + ": not found\n"));
        }
    }
}
