package io.harunbooks.lab.skyha;

import io.harunbooks.drbd.ConnectionState;
import io.harunbooks.drbd.DiskState;
import io.harunbooks.drbd.DrbdResource;
import io.harunbooks.drbd.DrbdState;
import io.harunbooks.drbd.ProcDrbdParser;
import io.harunbooks.drbd.Role;
import io.harunbooks.lab.LabAnswer;
import io.harunbooks.skyha.SkyhaShowParser;
import io.harunbooks.skyha.SkyhaStatus;
import io.harunbooks.support.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.harunbooks.lab.skyha.SkyhaSimulation.*;
import static org.assertj.core.api.Assertions.assertThat;

class SkyhaSimulationTest {

    private final TestClock clock = new TestClock();
    private final SkyhaSimulation sim = new SkyhaSimulation("skyha1", "skyha2", clock, Duration.ofSeconds(20));

    private String run(String host, String command) {
        LabAnswer a = sim.execute(host, command, () -> "");
        assertThat(a.exit()).as(host + ": " + command + " → " + a.stderr()).isZero();
        return a.stdout();
    }

    private DrbdResource drbd(String host) {
        return new ProcDrbdParser().parse(run(host, PROC_DRBD)).resources().get(0);
    }

    private SkyhaStatus show(String host) {
        return new SkyhaShowParser().parse(run(host, SHOW));
    }

    @Test
    void healthyFirstAndInTheSeedsFormats() {
        assertThat(sim.faults().get(0)).isEqualTo(HEALTHY);
        SkyhaStatus s = show("skyha2");
        assertThat(s.healthy()).as(s.summary()).isTrue();
        assertThat(s.master()).isEqualTo("skyha1");
        assertThat(s.attribute("skyha2", SkyhaStatus.PG_STATUS)).isEqualTo("STREAMING|SYNC");
        assertThat(drbd("skyha1")).isEqualTo(new DrbdResource(null, 1, ConnectionState.CONNECTED, Role.PRIMARY,
                Role.SECONDARY, DiskState.UP_TO_DATE, DiskState.UP_TO_DATE, null));
        assertThat(run("skyha1", DOCKER_PS)).contains("redis").contains("bstkd").contains("postgres");
        assertThat(run("skyha2", DOCKER_PS)).doesNotContain("redis");
        assertThat(run("skyha1", "ping -c 3 " + VIP)).contains("0% packet loss");
        assertThat(sim.execute("skyha1", "rm -rf /", () -> "").exit()).isEqualTo(127);
    }

    @Test
    void splitBrainResolvedByTheSeedsManualSequenceResyncsTheSlaveOnly() {
        sim.inject(DRBD_SPLIT_BRAIN);
        assertThat(drbd("skyha1").connection()).isEqualTo(ConnectionState.STAND_ALONE);
        assertThat(drbd("skyha2").connection()).isEqualTo(ConnectionState.STAND_ALONE);
        assertThat(show("skyha1").drbdInSync()).isFalse();
        assertThat(run("skyha2", BRAIN)).contains("automatic repair refused");
        assertThat(sim.state().splitBrain()).isTrue();

        // plain connect on both: DRBD detects the split-brain again and drops the connection
        run("skyha2", "drbdadm connect all");
        run("skyha1", "drbdadm connect all");
        assertThat(drbd("skyha1").connection()).isEqualTo(ConnectionState.STAND_ALONE);

        run("skyha2", "drbdadm secondary all");
        run("skyha2", "drbdadm disconnect all");
        run("skyha2", "drbdadm -- --discard-my-data connect all");
        assertThat(drbd("skyha2").connection()).isEqualTo(ConnectionState.WF_CONNECTION);
        run("skyha1", "drbdadm primary all");
        run("skyha1", "drbdadm disconnect all");
        run("skyha1", "drbdadm connect all");
        clock.advance(Duration.ofSeconds(10));
        DrbdResource target = drbd("skyha2");
        assertThat(target.connection()).isEqualTo(ConnectionState.SYNC_TARGET);
        assertThat(target.localDisk()).isEqualTo(DiskState.INCONSISTENT);
        assertThat(target.syncPercent()).isEqualTo(50.0);
        clock.advance(Duration.ofSeconds(10));
        assertThat(drbd("skyha2").healthy()).isTrue();
        assertThat(show("skyha1").healthy()).isTrue();
        assertThat(sim.state().lostData()).isEmpty();
    }

    @Test
    void discardOnTheMasterThrowsTheServedDataAway() {
        sim.inject(DRBD_SPLIT_BRAIN);
        run("skyha1", "drbdadm secondary all");
        run("skyha1", "drbdadm disconnect all");
        run("skyha1", "drbdadm -- --discard-my-data connect all");
        run("skyha2", "drbdadm primary all");
        run("skyha2", "drbdadm connect all");
        assertThat(sim.state().lostData()).containsExactly("skyha1");
    }

    @Test
    void brainRepairsAPlainDisconnect() {
        sim.inject(DRBD_DISCONNECTED);
        assertThat(drbd("skyha1").connection()).isEqualTo(ConnectionState.WF_CONNECTION);
        assertThat(run("skyha2", BRAIN)).contains("resync from skyha1 started");
        clock.advance(Duration.ofSeconds(20));
        assertThat(drbd("skyha2").healthy()).isTrue();
        assertThat(sim.execute("skyha1", BRAIN, () -> "").exit()).isEqualTo(1);
    }

    @Test
    void dockerStoppedOnTheMasterFailsOverAfterTheSettleTime() {
        run("skyha1", STOP_DOCKER);
        assertThat(show("skyha2").master()).isEqualTo("skyha1");
        clock.advance(Duration.ofSeconds(20));
        SkyhaStatus s = show("skyha2");
        assertThat(s.master()).isEqualTo("skyha2");
        assertThat(s.stoppedResources()).isEmpty();
        assertThat(run("skyha2", "ping -c 3 " + VIP)).contains("0% packet loss");
        assertThat(sim.execute("skyha1", DOCKER_PS, () -> "").exit()).isEqualTo(1);
    }

    @Test
    void containersStandbyPgAndSwitch() {
        sim.inject(CONTAINER_STOPPED);
        assertThat(show("skyha1").stoppedResources()).containsExactly("redis");
        run("skyha1", "docker start redis");
        assertThat(show("skyha1").healthy()).isTrue();

        sim.inject(NODE_STANDBY);
        assertThat(show("skyha1").standby()).containsExactly("skyha2");
        run("skyha1", UNSTANDBY_ALL);
        assertThat(show("skyha1").healthy()).isTrue();

        sim.inject(PG_BROKEN);
        assertThat(show("skyha1").pgInSync()).isFalse();
        run("skyha1", "docker start postgres");
        assertThat(show("skyha1").stoppedResources()).containsExactly("postgres");
        run("skyha1", RECOVER_PG);
        assertThat(show("skyha1").healthy()).isTrue();

        sim.inject(HEALTHY);
        assertThat(sim.execute("skyha2", SWITCH, () -> "").exit()).isEqualTo(1);
        run("skyha1", SWITCH);
        assertThat(show("skyha1").master()).isEqualTo("skyha2");
        assertThat(drbd("skyha2").localRole()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void upgradeAndReinstallOfTheSlave() {
        run("skyha2", "pcs cluster standby skyha2");
        run("skyha2", STOP_PACEMAKER);
        assertThat(drbd("skyha1").connection()).isEqualTo(ConnectionState.WF_CONNECTION);
        assertThat(sim.execute("skyha2", RECOVER, () -> "").exit()).isEqualTo(1);
        run("skyha2", LOSETUP);
        run("skyha2", RECOVER);
        run("skyha2", UNSTANDBY_ALL);
        clock.advance(Duration.ofSeconds(20));
        assertThat(show("skyha1").healthy()).as(show("skyha1").summary()).isTrue();

        run("skyha2", RESET);
        assertThat(drbd("skyha1").connection()).isEqualTo(ConnectionState.WF_CONNECTION);
        run("skyha2", SKYHA + " install master_ip=192.168.142.171 slave_ip=192.168.142.172 vip_master=" + VIP
                + " data_dir=/data master_hostname=skyha1 slave_hostname=skyha2 drbd_size=1000");
        assertThat(drbd("skyha2").connection()).isEqualTo(ConnectionState.SYNC_TARGET);
        clock.advance(Duration.ofSeconds(20));
        assertThat(show("skyha1").healthy()).isTrue();
        run("skyha2", DISABLE_AUTO);
        assertThat(sim.state().nodes().get(1).autoRecovery()).isFalse();
    }

    @Test
    void masterDown() {
        sim.inject(MASTER_DOWN);
        assertThat(sim.execute("skyha1", SHOW, () -> "").exit()).isEqualTo(255);
        SkyhaStatus s = show("skyha2");
        assertThat(s.offline()).containsExactly("skyha1");
        assertThat(s.master()).isEqualTo("skyha2");
        DrbdState d = new ProcDrbdParser().parse(run("skyha2", PROC_DRBD));
        assertThat(d.resources().get(0).connection()).isEqualTo(ConnectionState.WF_CONNECTION);
    }
}
