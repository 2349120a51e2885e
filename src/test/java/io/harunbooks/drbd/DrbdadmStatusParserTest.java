package io.harunbooks.drbd;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrbdadmStatusParserTest {

    private final DrbdadmStatusParser parser = new DrbdadmStatusParser();

    @Test
    void realSampleConnected() {
        DrbdState s = parser.parse(fixture("drbd/drbdadm-status/sample-9-connected.txt"));
        assertThat(s.resources()).containsExactly(new DrbdResource("skydata", null, ConnectionState.CONNECTED,
                Role.PRIMARY, Role.SECONDARY, DiskState.UP_TO_DATE, DiskState.UP_TO_DATE, null));
        assertThat(s.allHealthy()).isTrue();
        assertThat(s.resource("skydata")).isPresent();
    }

    @Test
    void realSampleStandAlone() {
        DrbdResource r = parser.parse(fixture("drbd/drbdadm-status/sample-9-standalone.txt")).resources().get(0);
        assertThat(r.connection()).isEqualTo(ConnectionState.STAND_ALONE);
        assertThat(r.localRole()).isEqualTo(Role.SECONDARY);
        assertThat(r.peerRole()).isEqualTo(Role.UNKNOWN);
        assertThat(r.peerDisk()).isEqualTo(DiskState.D_UNKNOWN);
    }

    @Test
    void realSampleConnecting() {
        DrbdState s = parser.parse(fixture("drbd/drbdadm-status/sample-9-connecting-primary.txt"));
        assertThat(s.resources().get(0).connection()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(s.anyDisconnected()).isTrue();
        assertThat(s.anyPrimary()).isTrue();
    }

    @Test
    void realSampleSyncTargetWithDone() {
        DrbdResource r = parser.parse(fixture("drbd/drbdadm-status/sample-9-sync-target.txt")).resources().get(0);
        assertThat(r.name()).isEqualTo("r0");
        assertThat(r.connection()).isEqualTo(ConnectionState.SYNC_TARGET);
        assertThat(r.localDisk()).isEqualTo(DiskState.INCONSISTENT);
        assertThat(r.peerRole()).isEqualTo(Role.PRIMARY);
        assertThat(r.syncPercent()).isEqualTo(64.12);
    }

    @Test
    void realSampleTwoVolumesThreeNodesReadsTheFirstPeer() {
        DrbdState s = parser.parse(fixture("drbd/drbdadm-status/sample-9-two-volumes-three-nodes.txt"));
        assertThat(s.resources()).hasSize(2);
        assertThat(s.resources().get(0)).isEqualTo(new DrbdResource("home", 1, ConnectionState.CONNECTED,
                Role.PRIMARY, Role.SECONDARY, DiskState.UP_TO_DATE, DiskState.UP_TO_DATE, null));
        assertThat(s.resources().get(1).connection()).isEqualTo(ConnectionState.SYNC_SOURCE);
        assertThat(s.resources().get(1).minor()).isEqualTo(2);
        assertThat(s.resources().get(1).syncPercent()).isEqualTo(12.5);
        assertThat(s.resource("2").orElseThrow().peerDisk()).isEqualTo(DiskState.INCONSISTENT);
    }

    @Test
    void refusesWhatIsNotDrbdadmStatus() {
        assertThatThrownBy(() -> parser.parse("  disk:UpToDate")).isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> parser.parse("'skydata' not defined in your config (for this host).\n"))
                .isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> parser.parse(" ")).isInstanceOf(UnparseableOutputException.class);
    }
}
