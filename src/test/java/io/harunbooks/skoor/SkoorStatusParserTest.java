package io.harunbooks.skoor;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SkoorStatusParserTest {

    private final SkoorStatusParser parser = new SkoorStatusParser();

    @Test
    void newPrimaryFromTheSeed() {
        SkoorStatus status = parser.parse(fixture("skoor/eranger-status/new-primary.txt"));

        assertThat(status.role()).isEqualTo(NodeRole.PRIMARY);
        assertThat(status.roleName()).isEqualTo("PRIMARY");
        assertThat(status.replicationStarted()).isTrue();
        assertThat(status.services()).hasSize(11).containsEntry("snmptrapd", "stopped")
                .containsEntry("eRanger Webservice", "started").doesNotContainKey("smsd");
        assertThat(status.state("eRanger Server")).isEqualTo(ServiceState.STARTED);
        assertThat(status.summary()).startsWith("postgresql: started\npostgresql replication: started\n");
    }

    @Test
    void newStandbyFromTheSeedShowsStoppedPostgresqlSlave() {
        SkoorStatus status = parser.parse(fixture("skoor/eranger-status/new-standby.txt"));

        assertThat(status.role()).isEqualTo(NodeRole.STANDBY);
        assertThat(status.replicationStarted()).isTrue();
        assertThat(status.state("eRanger Server")).isEqualTo(ServiceState.STOPPED_SLAVE);
        assertThat(status.state("eRanger Report")).isEqualTo(ServiceState.STOPPED_SLAVE);
        assertThat(status.state("eRanger Agent")).isEqualTo(ServiceState.STOPPED);
        assertThat(status.services()).containsEntry("smsd", "stopped");
    }

    @Test
    void simulatedOldPrimaryStillPrimaryAndAfterItsServicesWereStopped() {
        assertThat(parser.parse(fixture("skoor/eranger-status/sim-old-primary-still-primary.txt")).role())
                .isEqualTo(NodeRole.PRIMARY);
        SkoorStatus stopped = parser.parse(fixture("skoor/eranger-status/sim-old-primary-services-stopped.txt"));
        assertThat(stopped.role()).isEqualTo(NodeRole.STOPPED);
        assertThat(stopped.state("eRanger Report")).isEqualTo(ServiceState.STARTED);
    }

    @Test
    void simulatedStandbyWithReplicationStopped() {
        SkoorStatus status = parser.parse(fixture("skoor/eranger-status/sim-standby-replication-stopped.txt"));

        assertThat(status.role()).isEqualTo(NodeRole.STANDBY);
        assertThat(status.replicationStarted()).isFalse();
    }

    @Test
    void halfRunningServicesAreBroken() {
        String output = fixture("skoor/eranger-status/new-standby.txt")
                .replace("Status eRanger Server:          stopped (postgresql slave)",
                        "Status eRanger Server:          started");

        assertThat(parser.parse(output).role()).isEqualTo(NodeRole.BROKEN);
        assertThat(parser.parse(output.replace("postgresql slave", "restarting")).state("eRanger Collector"))
                .isEqualTo(ServiceState.OTHER);
    }

    @Test
    void somethingElseIsUnparseable() {
        assertThatThrownBy(() -> parser.parse("sh: 1: /opt/eranger/bin/eRanger.sh: not found\n"))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("Current eRanger Status");
        assertThatThrownBy(() -> parser.parse("Current eRanger Status:\n\nsomething odd\n"))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("something odd");
        assertThatThrownBy(() -> parser.parse("Current eRanger Status:\n\nStatus postfix:   started\n"))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("postgresql");
    }
}
