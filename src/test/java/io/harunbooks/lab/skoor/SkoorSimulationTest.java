package io.harunbooks.lab.skoor;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.skoor.NodeRole;
import io.harunbooks.skoor.ReplicationRun;
import io.harunbooks.skoor.ReplicationScriptParser;
import io.harunbooks.skoor.SkoorStatusParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static io.harunbooks.lab.skoor.SkoorSimulation.*;
import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SkoorSimulationTest {

    private final SkoorStatusParser status = new SkoorStatusParser();
    private final ReplicationScriptParser script = new ReplicationScriptParser();
    private SkoorSimulation sim;

    @BeforeEach
    void setUp() {
        sim = new SkoorSimulation("skoor1", "skoor2", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    private LabAnswer run(String host, String command) {
        return sim.execute(host, command, () -> "");
    }

    private NodeRole role(String host) {
        return status.parse(run(host, STATUS).stdout()).role();
    }

    @Test
    void healthyPairShowsTheSeedsPrimaryAndStandbyStatus() {
        assertThat(sim.faults().get(0)).isEqualTo(HEALTHY);
        assertThat(run("skoor1", STATUS).stdout()).isEqualTo(fixture("skoor/eranger-status/new-primary.txt"));
        assertThat(run("skoor2", STATUS).stdout()).isEqualTo(fixture("skoor/eranger-status/new-standby.txt"));
        assertThat(sim.state().replicating()).isTrue();
        assertThat(sim.state().primaries()).containsExactly("skoor1");
    }

    @Test
    void interactiveSwitchOnTheStandbyPrintsTheSeedsPromptAndOutputAfterEnter() {
        AtomicInteger reads = new AtomicInteger();
        LabAnswer answer = sim.execute("skoor2", SWITCH, () -> {
            reads.incrementAndGet();
            return "\n";
        });

        assertThat(answer.exit()).isZero();
        assertThat(reads).hasValue(1);
        assertThat(answer.stdout()).isEqualTo(fixture("skoor/eranger-server-replication/switch-prompt.txt")
                + fixture("skoor/eranger-server-replication/switch-after-enter.txt"));
        assertThat(role("skoor2")).isEqualTo(NodeRole.PRIMARY);
        assertThat(role("skoor1")).isEqualTo(NodeRole.STANDBY);
        assertThat(run("skoor2", STATUS).stdout()).isEqualTo(fixture("skoor/eranger-status/new-primary.txt"));
        assertThat(run("skoor1", STATUS).stdout()).isEqualTo(fixture("skoor/eranger-status/new-standby.txt"));
        // 6.2: a switch is a failover only, replication must be re-created with createslave
        assertThat(sim.state().replicating()).isFalse();
        assertThat(sim.state().vipHolder()).isEqualTo("skoor2");
    }

    @Test
    void interactiveSwitchWithClosedStdinContinuesLikePerlsReadAtEndOfInput() {
        LabAnswer answer = run("skoor2", SWITCH);

        assertThat(script.parse(answer.stdout()).outcome()).isEqualTo(ReplicationRun.Outcome.SWITCHED);
        assertThat(sim.state().primaries()).containsExactly("skoor2");
    }

    @Test
    void forcedSwitchBackOnTheOriginalPrimaryAfterCreateslaveIsTheSeedsNonInteractiveExample() {
        sim.inject(SWITCHED);
        assertThat(run("skoor1", FORCED_SWITCH).exit()).as("switch back before createslave").isEqualTo(1);
        assertThat(sim.state().primaries()).containsExactly("skoor2");

        LabAnswer created = run("skoor2", CREATE_SLAVE);
        assertThat(created.exit()).isZero();
        assertThat(script.parse(created.stdout()).outcome()).isEqualTo(ReplicationRun.Outcome.SLAVE_CREATED);
        assertThat(sim.state().replicating()).isTrue();

        LabAnswer answer = sim.execute("skoor1", FORCED_SWITCH, () -> {
            throw new AssertionError("-f does not read standard input");
        });
        assertThat(answer.stdout()).isEqualTo(fixture("skoor/eranger-server-replication/f-switch-failback.txt"));
        assertThat(role("skoor1")).isEqualTo(NodeRole.PRIMARY);
        assertThat(role("skoor2")).isEqualTo(NodeRole.STANDBY);
        assertThat(sim.state().replicating()).isTrue();
        assertThat(sim.state().vipHolder()).isEqualTo("skoor1");
    }

    @Test
    void primaryDownAnswersNothingAndTheStandbyTakesOverAlone() {
        sim.inject(PRIMARY_DOWN);
        assertThat(run("skoor1", STATUS).exit()).isEqualTo(255);

        LabAnswer answer = run("skoor2", FORCED_SWITCH);

        ReplicationRun parsed = script.parse(answer.stdout());
        assertThat(parsed.outcome()).isEqualTo(ReplicationRun.Outcome.SWITCHED);
        assertThat(parsed.peerUp()).isFalse();
        assertThat(role("skoor2")).isEqualTo(NodeRole.PRIMARY);
        assertThat(sim.node("skoor1").master()).as("still configured as primary").isTrue();
    }

    @Test
    void oldPrimaryBrokenShowsTwoPrimariesAndRefusesCreateslaveUntilItsServicesAreStopped() {
        sim.inject(OLD_PRIMARY_BROKEN);
        assertThat(role("skoor1")).isEqualTo(NodeRole.PRIMARY);
        assertThat(role("skoor2")).isEqualTo(NodeRole.PRIMARY);
        assertThat(sim.state().primaries()).containsExactly("skoor1", "skoor2");

        LabAnswer refused = run("skoor2", CREATE_SLAVE);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(script.parse(refused.stdout()).outcome()).isEqualTo(ReplicationRun.Outcome.FAILED);

        assertThat(run("skoor1", STOP_SERVER).exit()).isZero();
        assertThat(run("skoor1", STOP_COLLECTOR).exit()).isZero();
        assertThat(run("skoor1", STOP_SCHEDULER).exit()).isZero();
        assertThat(role("skoor1")).isEqualTo(NodeRole.STOPPED);

        assertThat(run("skoor2", CREATE_SLAVE).exit()).isZero();
        assertThat(role("skoor1")).isEqualTo(NodeRole.STANDBY);
        assertThat(sim.state().replicating()).isTrue();
        assertThat(sim.commandLines("skoor1")).containsSubsequence(STOP_SERVER, STOP_COLLECTOR, STOP_SCHEDULER);
    }

    @Test
    void replicationBrokenShowsReplicationStoppedOnTheStandbyAndRefusesTheSwitch() {
        sim.inject(REPLICATION_BROKEN);
        assertThat(status.parse(run("skoor2", STATUS).stdout()).replicationStarted()).isFalse();
        assertThat(run("skoor2", FORCED_SWITCH).exit()).isEqualTo(1);
        assertThat(sim.state().primaries()).containsExactly("skoor1");
    }

    @Test
    void standbyDownCannotBeSwitchedToFromThePrimary() {
        sim.inject(STANDBY_DOWN);
        assertThat(run("skoor2", STATUS).exit()).isEqualTo(255);
        LabAnswer answer = run("skoor1", FORCED_SWITCH);
        assertThat(answer.exit()).isEqualTo(1);
        assertThat(script.parse(answer.stdout()).errors()).singleElement().asString().contains("is down");
    }

    @Test
    void unknownCommandsAndFaultsAndHosts() {
        assertThat(run("skoor1", "rm -rf /").exit()).isEqualTo(LabAnswer.NOT_FOUND);
        assertThatThrownBy(() -> sim.inject("meteor")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("old-primary-broken");
        assertThatThrownBy(() -> run("vkt03", STATUS)).isInstanceOf(IllegalArgumentException.class);
    }
}
