package io.harunbooks.skoor;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationScriptParserTest {

    private final ReplicationScriptParser parser = new ReplicationScriptParser();

    @Test
    void interactiveSwitchStopsAtTheEnterPrompt() {
        ReplicationRun run = parser.parse(fixture("skoor/eranger-server-replication/switch-prompt.txt"));

        assertThat(run.outcome()).isEqualTo(ReplicationRun.Outcome.WAITING_FOR_ENTER);
        assertThat(run.promptShown()).isTrue();
        assertThat(run.local()).isEqualTo("10.1.0.89");
        assertThat(run.localRole()).isEqualTo("slave");
        assertThat(run.peer()).isEqualTo("10.1.0.88");
        assertThat(run.peerUp()).isTrue();
        assertThat(run.newMaster()).isEqualTo("10.1.0.89");
        assertThat(run.switched()).isFalse();
    }

    @Test
    void promptAndOutputAfterEnterIsASwitch() {
        ReplicationRun run = parser.parse(fixture("skoor/eranger-server-replication/switch-prompt.txt")
                + fixture("skoor/eranger-server-replication/switch-after-enter.txt"));

        assertThat(run.outcome()).isEqualTo(ReplicationRun.Outcome.SWITCHED);
        assertThat(run.outcomeName()).isEqualTo("SWITCHED");
        assertThat(run.promptShown()).isTrue();
        assertThat(run.slaveCopied()).isFalse();
        assertThat(run.errors()).isEmpty();
    }

    @Test
    void outputAfterEnterAloneIsASwitch() {
        assertThat(parser.parse(fixture("skoor/eranger-server-replication/switch-after-enter.txt")).switched()).isTrue();
    }

    @Test
    void nonInteractiveSwitchBackToTheOriginalPrimary() {
        ReplicationRun run = parser.parse(fixture("skoor/eranger-server-replication/f-switch-failback.txt"));

        assertThat(run.outcome()).isEqualTo(ReplicationRun.Outcome.SWITCHED);
        assertThat(run.promptShown()).isFalse();
        assertThat(run.local()).isEqualTo("10.1.0.88");
        assertThat(run.peer()).isEqualTo("10.1.0.89");
        assertThat(run.newMaster()).isEqualTo("10.1.0.88");
        assertThat(run.slaveCopied()).isTrue();
    }

    @Test
    void simulatedSwitchWithTheMasterDown() {
        ReplicationRun run = parser.parse(fixture("skoor/eranger-server-replication/sim-f-switch-master-down.txt"));

        assertThat(run.switched()).isTrue();
        assertThat(run.peerUp()).isFalse();
    }

    @Test
    void simulatedCreateslave() {
        ReplicationRun ok = parser.parse(fixture("skoor/eranger-server-replication/sim-createslave-ok.txt"));
        assertThat(ok.outcome()).isEqualTo(ReplicationRun.Outcome.SLAVE_CREATED);
        assertThat(ok.slaveCreated()).isTrue();
        assertThat(ok.localRole()).isEqualTo("master");

        ReplicationRun refused = parser.parse(fixture("skoor/eranger-server-replication/sim-createslave-services-running.txt"));
        assertThat(refused.outcome()).isEqualTo(ReplicationRun.Outcome.FAILED);
        assertThat(refused.errorText()).contains("eranger-scheduler running on 10.1.0.88");
    }

    @Test
    void simulatedSwitchRefusedWhileReplicationIsNotRunning() {
        ReplicationRun run = parser.parse(fixture("skoor/eranger-server-replication/sim-switch-replication-not-running.txt"));

        assertThat(run.outcome()).isEqualTo(ReplicationRun.Outcome.FAILED);
        assertThat(run.errors()).singleElement().asString().contains("run createslave");
    }

    @Test
    void headerOnlyIsUnknownAndOtherOutputUnparseable() {
        assertThat(parser.parse("10.1.0.89 checking ssh for user reranger\n").outcome())
                .isEqualTo(ReplicationRun.Outcome.UNKNOWN);
        assertThatThrownBy(() -> parser.parse("Can't locate DBI.pm in @INC\n"))
                .isInstanceOf(UnparseableOutputException.class);
    }
}
