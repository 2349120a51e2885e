package io.harunbooks.compass;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Compass parsers on the seed's outputs (labels) and the lab's (fixtures named lab-*). */
class CompassParsersTest {

    @Test
    void labelsFromTheSeedPrimaryAndReserveAgreeOnTheMaster() {
        ServiceLabelsParser parser = new ServiceLabelsParser();
        ServiceLabels primary = parser.parse(fixture("compass/service-labels/primary-diagnostics.txt"));
        ServiceLabels reserve = parser.parse(fixture("compass/service-labels/reserve-diagnostics.txt"));

        assertThat(primary).isEqualTo(new ServiceLabels("primary", "primary"));
        assertThat(reserve).isEqualTo(new ServiceLabels("reserve", "primary"));
        assertThat(primary.consistentWith(reserve)).isTrue();
        assertThat(parser.parse(fixture("compass/service-labels/reserve-checks.txt"))).isEqualTo(reserve);
        assertThat(parser.parse(fixture("compass/service-labels/primary-checks.txt"))).isEqualTo(primary);
    }

    @Test
    void emptyOrDifferentMasterLabelIsInconsistent() {
        ServiceLabelsParser parser = new ServiceLabelsParser();
        ServiceLabels empty = parser.parse("service_label: reserve\nmaster_service_label: \"\"\n");
        ServiceLabels primary = new ServiceLabels("primary", "primary");

        assertThat(empty.masterLabelEmpty()).isTrue();
        assertThat(primary.consistentWith(empty)).isFalse();
        assertThat(primary.consistentWith(new ServiceLabels("reserve", "reserve"))).isFalse();
        assertThat(parser.parse("service_label: 'reserve'\n").masterServiceLabel()).isEmpty();
        assertThatThrownBy(() -> parser.parse("grep: src/values.compass.yaml: No such file or directory\n"))
                .isInstanceOf(UnparseableOutputException.class);
    }

    @Test
    void checkCurrentMasterServer() {
        CheckCurrentMasterServerParser parser = new CheckCurrentMasterServerParser();

        assertThat(parser.parse(fixture("compass/check-current-master/lab-master.txt")).master()).isTrue();
        assertThat(parser.parse(fixture("compass/check-current-master/lab-not-master.txt")).master()).isFalse();
        assertThat(parser.parse("\u001B[92mДанный сервер является активным мастер сервером\u001B[0m\n").master())
                .isTrue();
        assertThatThrownBy(() -> parser.parse("Не найден файл со значениями для деплоя. Окружение было ранее развернуто?"))
                .isInstanceOf(UnparseableOutputException.class);
    }

    @Test
    void replicationSyncedLaggingBrokenAndNotConfigured() {
        ReplicationStatusParser parser = new ReplicationStatusParser();

        ReplicationStatus synced = parser.parse(fixture("compass/replication-status/lab-synced.txt"));
        assertThat(synced.state()).isEqualTo(ReplicationState.SYNCED);
        assertThat(synced.synced()).isTrue();
        assertThat(synced.secondsBehind()).isZero();
        assertThat(synced.channels()).extracting(ReplicationChannel::name).containsExactly("monolith", "team 1");

        ReplicationStatus lagging = parser.parse(fixture("compass/replication-status/lab-lagging.txt"));
        assertThat(lagging.state()).isEqualTo(ReplicationState.LAGGING);
        assertThat(lagging.secondsBehind()).isEqualTo(45L);
        assertThat(lagging.errors()).isFalse();

        ReplicationStatus broken = parser.parse(fixture("compass/replication-status/lab-broken.txt"));
        assertThat(broken.state()).isEqualTo(ReplicationState.NOT_RUNNING);
        assertThat(broken.errors()).isTrue();
        assertThat(broken.warning()).isTrue();
        assertThat(broken.channels().get(0).sqlRunning()).isEqualTo("No");
        assertThat(broken.secondsBehind()).isNull();

        ReplicationStatus none = parser.parse(fixture("compass/replication-status/lab-not-a-replica.txt"));
        assertThat(none.errors()).isTrue();
        assertThat(none.channels().get(0).ioRunning()).isEqualTo("None");

        assertThat(parser.parse(fixture("compass/replication-status/lab-stopped-after-switch.txt")).errors()).isTrue();
    }

    @Test
    void replicationVerboseFormatCarriesTheLastError() {
        ReplicationStatus status = new ReplicationStatusParser()
                .parse(fixture("compass/replication-status/script-format-verbose-broken.txt"));

        assertThat(status.state()).isEqualTo(ReplicationState.NOT_RUNNING);
        assertThat(status.channels().get(0).lastError()).contains("Duplicate entry '1' for key 'PRIMARY'");
        assertThat(status.channels().get(1).synced()).isTrue();
        assertThat(status.summary()).contains("monolith: not running").contains("team 1: running, 0 s behind");
    }

    @Test
    void replicationOutputWithoutADatabaseIsUnparseable() {
        assertThatThrownBy(() -> new ReplicationStatusParser().parse("Не удалось найти контейнер pivot mysql.\n"))
                .isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> new ReplicationStatusParser().parse("Статус репликации для типа monolith:\n"))
                .isInstanceOf(UnparseableOutputException.class);
        assertThat(new ReplicationStatusParser().parse(
                "Статус репликации в команде 3: Репликация запущена, но отстаёт на None seconds\n").state())
                .isEqualTo(ReplicationState.UNKNOWN);
    }

    @Test
    void vipHeldOrNot() {
        VipGrepParser parser = new VipGrepParser();

        assertThat(parser.parse(fixture("compass/vip-grep/lab-held.txt")))
                .isEqualTo(new VipPresence(true, "inet 10.32.88.100/32 scope global eth0"));
        assertThat(parser.parse(fixture("compass/vip-grep/lab-not-held.txt")).held()).isFalse();
        assertThatThrownBy(() -> parser.parse("link/ether 10.32.88.100\n")).isInstanceOf(UnparseableOutputException.class);
    }

    @Test
    void keepalivedStateLog() {
        KeepalivedStateLogParser parser = new KeepalivedStateLogParser();

        KeepalivedStateLog reserve = parser.parse(fixture("compass/keepalived-state-log/lab-reserve-after-switch.txt"));
        assertThat(reserve.lastState()).isEqualTo(KeepalivedState.MASTER);
        assertThat(reserve.errors()).isFalse();
        assertThat(reserve.lines()).isEqualTo(2);
        assertThat(parser.parse(fixture("compass/keepalived-state-log/lab-primary-after-switch.txt")).lastState())
                .isEqualTo(KeepalivedState.BACKUP);
        KeepalivedStateLog failed = parser.parse(fixture("compass/keepalived-state-log/lab-primary-after-failure.txt"));
        assertThat(failed.lastState()).isEqualTo(KeepalivedState.BACKUP);
        assertThat(failed.errorText()).contains("FAULT");
        assertThat(parser.parse("").lastState()).isEqualTo(KeepalivedState.UNKNOWN);
        assertThat(parser.parse("Nov 29 keepalived: Netlink: error: No such device\n").errors()).isTrue();
        assertThatThrownBy(() -> parser.parse("tail: cannot open '/var/log/keepalived-state.log'\n"))
                .isInstanceOf(UnparseableOutputException.class);
    }

    @Test
    void systemctlStatus() {
        SystemctlStatusParser parser = new SystemctlStatusParser();

        ServiceStatus keepalived = parser.parse(fixture("compass/systemctl-status/lab-keepalived-running.txt"));
        assertThat(keepalived.unit()).isEqualTo("keepalived.service");
        assertThat(keepalived.running()).isTrue();
        ServiceStatus lsyncd = parser.parse(fixture("compass/systemctl-status/lab-lsyncd-inactive.txt"));
        assertThat(lsyncd.unit()).isEqualTo("lsyncd.service");
        assertThat(lsyncd.state()).isEqualTo(UnitState.INACTIVE);
        assertThat(parser.parse("× keepalived.service - Keepalive Daemon\n     Active: failed (Result: exit-code) since x\n")
                .state()).isEqualTo(UnitState.FAILED);
        assertThat(parser.parse("Unit lsyncd.service could not be found.\n").state()).isEqualTo(UnitState.NOT_FOUND);
        assertThatThrownBy(() -> parser.parse("Failed to connect to bus\n")).isInstanceOf(UnparseableOutputException.class);
    }

    @Test
    void createTeamPrintsTheNewId() {
        CreateTeamParser parser = new CreateTeamParser();

        assertThat(parser.parse(fixture("compass/create-team/lab-created.txt")))
                .isEqualTo(new CreatedTeam(2, "reserve_company_2"));
        assertThat(parser.parse("Created team, id: 17\n").id()).isEqualTo(17);
        assertThatThrownBy(() -> parser.parse("scp: /home/deploy/backups/: No such file or directory\n"))
                .isInstanceOf(UnparseableOutputException.class);
    }
}
