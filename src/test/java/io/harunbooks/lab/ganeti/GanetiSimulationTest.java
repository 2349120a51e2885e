package io.harunbooks.lab.ganeti;

import io.harunbooks.drbd.DrbdState;
import io.harunbooks.drbd.ProcDrbdParser;
import io.harunbooks.ganeti.DmesgSplitBrainParser;
import io.harunbooks.ganeti.GntInstanceListParser;
import io.harunbooks.ganeti.MdstatParser;
import io.harunbooks.lab.LabAnswer;
import io.harunbooks.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.harunbooks.lab.ganeti.GanetiSimulation.*;
import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lab's Ganeti cluster answers the seed's commands and follows Ganeti's and DRBD's rules. */
class GanetiSimulationTest {

    private final TestClock clock = new TestClock();
    private GanetiSimulation sim;

    @BeforeEach
    void setUp() {
        sim = new GanetiSimulation(clock);
    }

    private LabAnswer run(String host, String command) {
        return sim.execute(host, command, () -> "");
    }

    private LabAnswer run(String host, String command, String stdin) {
        return sim.execute(host, command, () -> stdin);
    }

    @Test
    void healthyFirstAndUnknownFaultsAndHostsRefused() {
        assertThat(sim.faults()).first().isEqualTo(HEALTHY);
        assertThat(sim.faults()).contains(NODE_DOWN, MASTER_DOWN, DRBD_SPLIT_BRAIN, RAID_DEGRADED, NODE_OFFLINE);
        assertThatThrownBy(() -> sim.inject("meteor")).hasMessageContaining("valid faults");
        assertThatThrownBy(() -> run("gnt9", GETMASTER)).isInstanceOf(IllegalArgumentException.class);
        assertThat(run("gnt1", "gnt-foo").exit()).isEqualTo(127);
    }

    @Test
    void listsAnswerOnlyOnTheMasterWithItsDaemon() {
        assertThat(run("gnt1", NODE_LIST).stdout()).isEqualTo(fixture("ganeti/gnt-node-list/sim-healthy.txt"));
        assertThat(run("gnt2", NODE_LIST).stderr()).contains("This is not the master node");
        sim.inject(NODE_DOWN);
        assertThat(run("gnt1", NODE_LIST).stderr()).contains("Cannot communicate with the master daemon");
        assertThat(run("gnt2", GETMASTER).exit()).isEqualTo(255);
        assertThat(run("gnt1", MASTERD_NO_VOTING).exit()).isZero();
        assertThat(run("gnt1", NODE_LIST).exit()).isZero();
        assertThat(sim.commandLines("gnt1")).containsExactly(NODE_LIST, NODE_LIST, MASTERD_NO_VOTING, NODE_LIST);
    }

    @Test
    void masterFailoverNeedsVotingOrAYes() {
        sim.inject(MASTER_DOWN);
        assertThat(run("gnt2", MASTER_FAILOVER).stderr()).contains("use --no-voting");
        LabAnswer no = run("gnt2", MASTER_FAILOVER_NO_VOTING, "");
        assertThat(no.exit()).isEqualTo(1);
        assertThat(no.stdout()).contains("Continue?\ny/[n]/?: ").contains("Aborted.");
        assertThat(run("gnt2", MASTER_FAILOVER_NO_VOTING, "y\n").exit()).isZero();
        assertThat(sim.state().master()).isEqualTo("gnt2");
        assertThat(run("gnt2", "gnt-node modify -C no -O yes gnt1").stdout())
                .isEqualTo("Modified node gnt1\n - master_candidate -> False\n - offline -> True\n");
        assertThat(run("gnt2", "gnt-node failover --ignore-consistency gnt1", "y\n").stdout())
                .startsWith("Fail over instance(s) 'web1', 'mail1'?");
        assertThat(sim.state().instances()).allSatisfy(i -> {
            assertThat(i.primary()).isEqualTo("gnt2");
            assertThat(i.running()).isTrue();
        });
        assertThat(sim.state().doubleRunning()).isEmpty();
    }

    @Test
    void failoverWithTheOldNodeStillUpRunsInstancesTwice() {
        assertThat(run("gnt1", "gnt-node failover --ignore-consistency gnt2", "y\n").exit()).isZero();
        assertThat(sim.state().doubleRunning()).containsExactly("db1");
    }

    @Test
    void splitBrainFollowsDrbdRules() {
        sim.inject(DRBD_SPLIT_BRAIN);
        assertThat(run("gnt1", DMESG).stdout()).isEqualTo(fixture("ganeti/dmesg/split-brain-drbd21-drbd22.txt"));
        assertThat(new DmesgSplitBrainParser().parse(run("gnt2", DMESG).stdout()).minors()).containsExactly(21, 22);
        DrbdState before = new ProcDrbdParser().parse(run("gnt2", PROC_DRBD).stdout());
        assertThat(before.anyStandAlone()).isTrue();

        LabAnswer refused = run("gnt1", "gnt-instance activate-disks web1");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.stderr()).contains("Split-Brain detected but unresolved");

        run("gnt2", "drbdsetup /dev/drbd21 invalidate");
        assertThat(run("gnt1", "gnt-instance activate-disks web1").exit()).isZero();
        DrbdState syncing = new ProcDrbdParser().parse(run("gnt1", PROC_DRBD).stdout());
        assertThat(syncing.anySyncing()).isTrue();
        clock.advance(DRBD_SYNC);
        assertThat(sim.state().minors().get(0).connection()).isEqualTo("Connected");
        assertThat(sim.state().minors().get(0).discardedOn()).isEqualTo("gnt2");
        assertThat(sim.state().minors().get(1).connection()).isEqualTo("StandAlone");
    }

    @Test
    void resyncsTakeTheConfiguredTime() {
        sim = new GanetiSimulation("gnt1", "gnt2", clock, Duration.ofSeconds(2));
        sim.inject(RAID_DEGRADED);
        run("gnt2", "sfdisk -d /dev/sda|sfdisk /dev/sdb");
        run("gnt2", "mdadm --manage /dev/md0 --add /dev/sdb1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(new MdstatParser().parse(run("gnt2", PROC_MDSTAT).stdout()).syncingArrays()).containsExactly("md0");
        clock.advance(Duration.ofMillis(1001)); // a RAID recovery: one and a half DRBD resyncs
        assertThat(new MdstatParser().parse(run("gnt2", PROC_MDSTAT).stdout()).syncingArrays()).isEmpty();
        assertThatThrownBy(() -> new GanetiSimulation("gnt1", "gnt2", clock, Duration.ZERO))
                .hasMessageContaining("must be positive");
    }

    @Test
    void raidDiskIsPartitionedAddedAndRecoversOverTime() {
        sim.inject(RAID_DEGRADED);
        assertThat(run("gnt2", PROC_MDSTAT).stdout()).isEqualTo(fixture("ganeti/mdstat/sim-degraded.txt"));
        assertThat(run("gnt2", "mdadm --manage /dev/md0 --add /dev/sdb1").stderr()).contains("cannot find /dev/sdb1");
        assertThat(run("gnt2", "sfdisk -d /dev/sdb|sfdisk /dev/sda").stderr()).contains("currently in use");
        assertThat(run("gnt2", "sfdisk -d /dev/sda|sfdisk /dev/sdb").stdout()).contains("Successfully wrote");
        for (int i = 0; i < 3; i++) {
            assertThat(run("gnt2", "mdadm --manage /dev/md" + i + " --add /dev/sdb" + (i + 1)).exit()).isZero();
        }
        assertThat(run("gnt2", "mdadm --manage /dev/md0 --add /dev/sdb1").stderr()).contains("busy");
        assertThat(new MdstatParser().parse(run("gnt2", PROC_MDSTAT).stdout()).syncingArrays())
                .containsExactly("md0", "md1", "md2");
        clock.advance(RAID_SYNC.plus(Duration.ofSeconds(1)));
        assertThat(new MdstatParser().parse(run("gnt2", PROC_MDSTAT).stdout()).allClean()).isTrue();
    }

    @Test
    void offlineNodeComesBackAndResyncs() {
        sim.inject(NODE_OFFLINE);
        assertThat(run("gnt1", NODE_LIST).stdout()).isEqualTo(fixture("ganeti/gnt-node-list/sim-node-offline.txt"));
        run("gnt1", "gnt-node modify -C yes -O no gnt2");
        run("gnt1", REDIST_CONF);
        assertThat(run("gnt2", GANETI_RESTART).stdout()).doesNotContain("masterd");
        assertThat(run("gnt1", VERIFY_DISKS).stdout()).contains("Activating disks for instance 'web1'");
        clock.advance(DRBD_SYNC);
        assertThat(new ProcDrbdParser().parse(run("gnt1", PROC_DRBD).stdout()).allHealthy()).isTrue();
        assertThat(new GntInstanceListParser().parse(run("gnt1", INSTANCE_LIST).stdout()).primaryOn("gnt1"))
                .containsExactly("web1", "mail1", "db1");
    }

    @Test
    void replacedNodeNeedsItsOldKeyForgottenBeforeTheReadd() {
        sim.inject(NODE_REPLACED);
        assertThat(run("gnt1", "gnt-node add --readd gnt2").stderr()).contains("Host key verification failed");
        assertThat(run("gnt1", "ssh-keygen -f /root/.ssh/known_hosts -R gnt2").stdout()).contains("known_hosts updated");
        assertThat(run("gnt1", "gnt-node add --readd gnt2").exit()).isZero();
        assertThat(run("gnt2", PROC_DRBD).stdout()).doesNotContain("cs:");
        run("gnt1", "gnt-instance replace-disks --auto web1");
        clock.advance(DRBD_SYNC);
        assertThat(sim.state().minors().get(0).disks()).containsEntry("gnt2", "UpToDate");
    }
}
