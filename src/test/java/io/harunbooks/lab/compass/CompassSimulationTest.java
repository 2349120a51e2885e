package io.harunbooks.lab.compass;

import io.harunbooks.compass.CheckCurrentMasterServerParser;
import io.harunbooks.compass.ReplicationState;
import io.harunbooks.compass.ReplicationStatusParser;
import io.harunbooks.compass.ServiceLabelsParser;
import io.harunbooks.lab.LabAnswer;
import io.harunbooks.support.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.harunbooks.lab.compass.CompassSimulation.PRIMARY;
import static io.harunbooks.lab.compass.CompassSimulation.RESERVE;
import static io.harunbooks.lab.compass.CompassSimulation.inInstaller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompassSimulationTest {

    private final TestClock clock = new TestClock();
    private final CompassSimulation sim = new CompassSimulation(clock, Duration.ofSeconds(60));

    private LabAnswer run(String host, String command) {
        return sim.execute(host, command, () -> {
            throw new AssertionError("«" + command + "» does not read standard input");
        });
    }

    private LabAnswer run(String host, String command, String stdin) {
        return sim.execute(host, command, () -> stdin);
    }

    private ReplicationState replication(String host) {
        return new ReplicationStatusParser().parse(run(host, inInstaller(CompassSimulation.SHOW_REPLICATION)).stdout())
                .state();
    }

    private boolean master(String host) {
        return new CheckCurrentMasterServerParser().parse(run(host, inInstaller(CompassSimulation.CHECK_MASTER))
                .stdout()).master();
    }

    @Test
    void healthyFirstThePrimaryIsActiveAndTheReserveReplicates() {
        assertThat(sim.faults().get(0)).isEqualTo("healthy");
        assertThat(sim.faults()).contains("vip-on-both", "vip-on-none", "lsyncd-on-both", "labels-inconsistent",
                "replication-broken", "replication-lagging", "primary-down", "after-primary-failure");

        assertThat(run(PRIMARY, "ip a | grep 10.32.88.100").stdout()).contains("inet 10.32.88.100/32");
        assertThat(run(RESERVE, "ip addr show | grep 10.32.88.100").exit()).isEqualTo(1);
        assertThat(master(PRIMARY)).isTrue();
        assertThat(master(RESERVE)).isFalse();
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.SYNCED);
        assertThat(run(PRIMARY, "sudo systemctl status lsyncd").exit()).isZero();
        assertThat(run(RESERVE, "sudo systemctl status lsyncd").exit()).isEqualTo(3);
        assertThat(run(RESERVE, "sudo systemctl status keepalived").stdout()).contains("Active: active (running)");
        assertThat(new ServiceLabelsParser().parse(run(RESERVE, inInstaller(CompassSimulation.GREP_LABELS)).stdout())
                .masterServiceLabel()).isEqualTo("primary");
        assertThat(sim.state().active()).isEqualTo(PRIMARY);
    }

    @Test
    void restartingKeepalivedOnTheActivePrimarySwitchesToTheReserve() {
        assertThat(run(PRIMARY, "sudo systemctl restart keepalived").exit()).isZero();

        CompassSimulation.State state = sim.state();
        assertThat(state.vipHolders()).containsExactly(RESERVE);
        assertThat(sim.node(RESERVE).lsyncdRunning()).isTrue();
        assertThat(sim.node(PRIMARY).lsyncdRunning()).isFalse();
        assertThat(sim.node(RESERVE).replication()).isEqualTo(CompassSimulation.Replication.STOPPED);
        assertThat(sim.node(PRIMARY).masterServiceLabel()).isEqualTo("reserve");
        assertThat(run(RESERVE, "sudo tail -n 100 /var/log/keepalived-state.log").stdout()).contains("entered MASTER");
        assertThat(master(RESERVE)).isTrue();

        // reverse replication is refused on the active server, runs on the now inactive primary
        assertThat(run(RESERVE, inInstaller(CompassSimulation.START_REPLICATION)).exit()).isEqualTo(1);
        assertThat(sim.node(RESERVE).refusedStarts()).isEqualTo(1);
        assertThat(run(PRIMARY, inInstaller(CompassSimulation.START_REPLICATION)).exit()).isZero();
        assertThat(replication(PRIMARY)).isEqualTo(ReplicationState.SYNCED);
    }

    @Test
    void restartOnTheInactiveServerChangesNothing() {
        run(RESERVE, "sudo systemctl restart keepalived");

        assertThat(sim.state().vipHolders()).containsExactly(PRIMARY);
        assertThat(sim.node(RESERVE).replication()).isEqualTo(CompassSimulation.Replication.RUNNING);
    }

    @Test
    void lagDropsToZeroAfterTheSettleTime() {
        sim.inject("replication-lagging");
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.LAGGING);
        assertThat(sim.node(RESERVE).secondsBehind()).isEqualTo(60);

        clock.advance(Duration.ofSeconds(30));
        assertThat(run(RESERVE, inInstaller(CompassSimulation.SHOW_REPLICATION)).stdout()).contains("отстаёт на 30 seconds");
        clock.advance(Duration.ofSeconds(30));
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.SYNCED);
    }

    @Test
    void brokenReplicationNeedsAResetBeforeAStart() {
        sim.inject("replication-broken");
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.NOT_RUNNING);
        assertThat(run(RESERVE, inInstaller(CompassSimulation.START_REPLICATION)).exit()).isEqualTo(1);

        assertThat(run(RESERVE, inInstaller(CompassSimulation.RESET_REPLICATION)).exit()).isZero();
        assertThat(sim.node(RESERVE).replication()).isEqualTo(CompassSimulation.Replication.NONE);
        assertThat(run(RESERVE, inInstaller(CompassSimulation.START_REPLICATION)).exit()).isZero();
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.SYNCED);
    }

    @Test
    void afterPrimaryFailureThePrimaryCatchesUpOnceReplicationIsRestarted() {
        sim.inject("after-primary-failure");
        assertThat(sim.state().active()).isEqualTo(RESERVE);
        assertThat(sim.node(PRIMARY).lsyncdRunning()).isFalse();
        assertThat(replication(PRIMARY)).isEqualTo(ReplicationState.NOT_RUNNING);

        run(PRIMARY, inInstaller(CompassSimulation.RESET_REPLICATION));
        run(PRIMARY, inInstaller(CompassSimulation.START_REPLICATION));
        assertThat(replication(PRIMARY)).isEqualTo(ReplicationState.LAGGING);
        clock.advance(Duration.ofSeconds(60));
        assertThat(replication(PRIMARY)).isEqualTo(ReplicationState.SYNCED);
        assertThat(sim.node(PRIMARY).lsyncdRunning()).isFalse();
    }

    @Test
    void otherFaults() {
        sim.inject("vip-on-both");
        assertThat(sim.state().vipHolders()).containsExactly(PRIMARY, RESERVE);
        assertThat(sim.state().active()).isNull();
        sim.inject("vip-on-none");
        assertThat(sim.state().vipHolders()).isEmpty();
        assertThat(run(PRIMARY, "sudo systemctl status keepalived").exit()).isEqualTo(3);
        sim.inject("lsyncd-on-both");
        assertThat(sim.state().nodes()).allMatch(CompassSimulation.NodeState::lsyncdRunning);
        sim.inject("labels-inconsistent");
        assertThat(run(RESERVE, inInstaller(CompassSimulation.GREP_LABELS)).stdout())
                .isEqualTo("service_label: reserve\nmaster_service_label: \"\"\n");
        sim.inject("primary-down");
        assertThat(run(PRIMARY, "ip a | grep 10.32.88.100").exit()).isEqualTo(255);
        assertThat(sim.state().active()).isEqualTo(RESERVE);
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.NOT_RUNNING);
        assertThatThrownBy(() -> sim.inject("bogus")).hasMessageContaining("valid faults");
    }

    @Test
    void createASpaceOnTheActiveAndRestoreItOnTheInactiveServer() {
        assertThat(run(RESERVE, "sudo mkdir -p /home/deploy/backups/").exit()).isZero();
        LabAnswer created = run(PRIMARY, inInstaller(
                "sudo python3 script/create_team.py -dst deploy@127.0.10.12:/home/deploy/backups/"));
        assertThat(created.stdout()).contains("ID пространства: 2");
        assertThat(sim.node(RESERVE).backupDirs()).containsEntry("/home/deploy/backups/", List.of("reserve_company_2"));

        assertThat(run(RESERVE, "sudo mv /home/deploy/backups/* /home/compass/backups/").exit()).isZero();
        assertThat(sim.node(RESERVE).backups()).containsExactly("reserve_company_2");
        assertThat(run(RESERVE, inInstaller(CompassSimulation.RESTORE_DB), "reserve_company_2\n").stdout())
                .contains("1. reserve_company_2").contains("Восстановление завершено");
        assertThat(run(RESERVE, inInstaller(CompassSimulation.REPAIR_TEAM), "2\n").exit()).isZero();
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.NOT_RUNNING);
        assertThat(run(RESERVE, inInstaller(CompassSimulation.START_TEAM_REPLICATION), "2\n").stdout())
                .contains("Репликация в команде 2 запущена");
        assertThat(sim.node(RESERVE).spaces()).contains(new CompassSimulation.SpaceState(2, true, true));
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.SYNCED);
    }

    @Test
    void createTeamFailsWithoutTheBackupsDirectoryOrOnTheInactiveServer() {
        String create = inInstaller("sudo python3 script/create_team.py -dst deploy@127.0.10.12:/home/deploy/backups/");
        assertThat(run(PRIMARY, create).stderr()).contains("No such file or directory");
        assertThat(run(RESERVE, inInstaller(
                "sudo python3 script/create_team.py -dst deploy@127.0.10.11:/home/deploy/backups/")).exit()).isEqualTo(1);
        assertThat(run(RESERVE, inInstaller(CompassSimulation.RESTORE_DB), "1").exit()).isEqualTo(1);
    }

    @Test
    void gitPullThenUpdateDeploysTheRelease() {
        assertThat(run(PRIMARY, inInstaller("git pull")).stdout()).contains("Fast-forward");
        assertThat(run(PRIMARY, inInstaller("git pull")).stdout()).isEqualTo("Already up to date.\n");
        assertThat(run(PRIMARY, inInstaller("sudo python3 script/update.py")).exit()).isZero();
        assertThat(sim.node(PRIMARY).deployedVersion()).isEqualTo(CompassSimulation.RELEASED_VERSION);
        assertThat(sim.node(PRIMARY).updates()).isEqualTo(1);
        // an update of the active server leaves the reserve behind for a while
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.LAGGING);
    }

    @Test
    void keepalivedStoppedOnTheReserveAndReplicationBreakingOnUpdate() {
        sim.inject(CompassSimulation.KEEPALIVED_STOPPED_ON_RESERVE);
        assertThat(run(RESERVE, "sudo systemctl status keepalived").exit()).isEqualTo(3);
        assertThat(sim.state().active()).isEqualTo(PRIMARY);
        run(PRIMARY, "sudo systemctl restart keepalived");
        assertThat(sim.state().active()).as("nobody takes the VIP over").isEqualTo(PRIMARY);

        sim.inject(CompassSimulation.REPLICATION_BREAKS_ON_UPDATE);
        run(PRIMARY, inInstaller("sudo python3 script/update.py"));
        clock.advance(Duration.ofSeconds(60));
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.SYNCED);
        run(RESERVE, inInstaller("sudo python3 script/update.py"));
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.NOT_RUNNING);
        run(RESERVE, inInstaller(CompassSimulation.RESET_REPLICATION));
        run(RESERVE, inInstaller(CompassSimulation.START_REPLICATION));
        assertThat(replication(RESERVE)).isEqualTo(ReplicationState.SYNCED);
    }

    @Test
    void unknownCommandsAndOtherDirectoriesFail() {
        assertThat(run(PRIMARY, "sudo systemctl restart lsyncd").exit()).isEqualTo(127);
        assertThat(run(PRIMARY, "cd /tmp && git pull").exit()).isEqualTo(2);
        assertThat(run(PRIMARY, inInstaller("sudo python3 script/replication/bogus.py")).exit()).isEqualTo(127);
        assertThat(sim.commandLines(PRIMARY)).hasSize(3);
        assertThatThrownBy(() -> run("vkt03", "true")).isInstanceOf(IllegalArgumentException.class);
    }
}
