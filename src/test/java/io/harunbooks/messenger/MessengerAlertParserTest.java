package io.harunbooks.messenger;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Every alert line of seed 001 leads to its runbook, with the variables the runbook needs. */
class MessengerAlertParserTest {

    private final MessengerAlertParser parser = new MessengerAlertParser();

    private List<AlertRoute> route(String fixture) {
        return parser.parse(fixture("messenger/alerts/" + fixture));
    }

    @Test
    void kustReplicaFailed() {
        assertThat(route("kust-replfailed.txt")).containsExactly(
                new AlertRoute("kust-replica-resync", Map.of("service", "cox", "instance", "cox-1")));
    }

    @Test
    void bothTarantoolAlertsOfTheSeed() {
        AlertRoute expected = new AlertRoute("tarantool-replica-resync",
                Map.of("service", "badger", "instance", "badger-3"));

        assertThat(route("tarantool-badger-3-rep-stopped.txt")).containsExactly(expected);
        assertThat(route("tarantool-badger-3-replication.txt")).containsExactly(expected);
    }

    @Test
    void orchestratorTopology() {
        assertThat(route("orch-topo-bad.txt")).containsExactly(new AlertRoute("mysql-topology-repair", Map.of()));
    }

    @Test
    void controllerWithoutReplicasNamesTheNode() {
        assertThat(route("ctlr-no-replicas-vkt04.txt")).containsExactly(
                new AlertRoute("controller-replica-rebuild", Map.of("node", "vkt04")));
        assertThat(route("ctlr-no-replicas-vkt03.txt")).containsExactly(
                new AlertRoute("controller-replica-rebuild", Map.of("node", "vkt03")));
    }

    @Test
    void autoflipBlockedForEveryMap() {
        assertThat(route("autoflip-blocked.txt")).containsExactly(
                new AlertRoute("autoflip-unblock", Map.of("service", "fate")));
        assertThat(parser.parse("2 ctlr_topo_check - - ctlr topology is BAD: autoflip blocked for maps: [fate, cox]"))
                .extracting(r -> r.variables().get("service")).containsExactly("fate", "cox");
    }

    @Test
    void okLinesUnknownChecksAndUnsafeValuesGiveNoRoute() {
        assertThat(parser.parse(fixture("messenger/ctlr-topo-check/ok.txt"))).isEmpty();
        assertThat(parser.parse("2 disk_usage - / is 99% full")).isEmpty();
        assertThat(parser.parse("2 ctlr_topo_check - ctlr has no active replicas, check ctlr logs on vkt04;reboot"))
                .isEmpty();
        assertThat(parser.parse("not a check line")).isEmpty();
        assertThat(parser.parse("2 ctlr_topo_check - ctlr has no active replicas, check ctlr logs on vkt04\nrm -rf /"))
                .isEmpty();
    }
}
