package io.harunbooks.messenger;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrchTopologyParserTest {

    private static final String FILES_1 = "files-mysql-mysql-cluster-im-db-mysql-1.mysql.files:3306";
    private final OrchTopologyParser parser = new OrchTopologyParser();

    @Test
    void healthyTopologyHasOneMasterAndOneReplicaPerCluster() {
        OrchTopology t = parser.parse(fixture("messenger/orch-topo/healthy.txt"));

        assertThat(t.instances()).hasSize(6);
        assertThat(t.healthy()).isTrue();
        assertThat(t.needsSupport()).isFalse();
        assertThat(t.firstBrokenReplica()).isNull();
        assertThat(t.firstErrantReplica()).isNull();
        assertThat(t.instances().get(1).cluster()).isEqualTo("files");
        assertThat(t.instances().get(1).marker()).isEqualTo(OrchTopology.Marker.REPLICA);
        assertThat(t.instances().get(0).lag()).isEqualTo("0s");
    }

    @Test
    void twoMastersNeedSupport() {
        OrchTopology t = parser.parse(fixture("messenger/orch-topo/two-masters.txt"));

        assertThat(t.twoMasters()).isTrue();
        assertThat(t.needsSupport()).isTrue();
        assertThat(t.healthy()).isFalse();
    }

    @Test
    void replicaWithoutMasterNeedsSupport() {
        OrchTopology t = parser.parse(fixture("messenger/orch-topo/replica-without-master.txt"));

        assertThat(t.twoMasters()).isFalse();
        assertThat(t.replicaWithoutMaster()).isTrue();
        assertThat(t.needsSupport()).isTrue();
        assertThat(t.instances().get(0).lag()).isNull();
        assertThat(t.instances().get(0).status()).isEqualTo("nonreplicating");
    }

    @Test
    void brokenReplicaIsNamedForReup() {
        OrchTopology t = parser.parse(fixture("messenger/orch-topo/broken-replica.txt"));

        assertThat(t.needsSupport()).isFalse();
        assertThat(t.brokenReplicas()).containsExactly(FILES_1);
        assertThat(t.firstBrokenReplica()).isEqualTo(FILES_1);
        assertThat(t.errantReplicas()).isEmpty();
        assertThat(t.healthy()).isFalse();
    }

    @Test
    void errantTransactionsOnAWorkingReplica() {
        OrchTopology t = parser.parse(fixture("messenger/orch-topo/errant.txt"));

        assertThat(t.firstErrantReplica()).isEqualTo(FILES_1);
        assertThat(t.brokenReplicas()).isEmpty();
        assertThat(t.needsSupport()).isFalse();
        assertThat(t.healthy()).isFalse();
    }

    @Test
    void repairedTopologyIsHealthy() {
        assertThat(parser.parse(fixture("messenger/orch-topo/repaired.txt")).healthy()).isTrue();
    }

    @Test
    void somethingElseIsUnparseable() {
        assertThatThrownBy(() -> parser.parse("orchestrator: connection refused\n"))
                .isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> parser.parse("a.mysql.b:3306 (a) [0s,ok]\n"))
                .hasMessageContaining("expected [lag,status");
    }
}
