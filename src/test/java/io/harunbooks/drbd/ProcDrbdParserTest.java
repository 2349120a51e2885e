package io.harunbooks.drbd;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcDrbdParserTest {

    private final ProcDrbdParser parser = new ProcDrbdParser();

    @Test
    void seedConnectedSecondaryPrintedOnOneLine() {
        DrbdState s = parser.parse(fixture("drbd/proc-drbd/seed-004-connected-secondary.txt"));

        assertThat(s.version()).isEqualTo("8.4.7-1");
        assertThat(s.resources()).containsExactly(new DrbdResource(null, 1, ConnectionState.CONNECTED,
                Role.SECONDARY, Role.PRIMARY, DiskState.UP_TO_DATE, DiskState.UP_TO_DATE, null));
        assertThat(s.allHealthy()).isTrue();
        assertThat(s.anyPrimary()).isFalse();
        assertThat(s.summary()).isEqualTo("minor 1: cs:Connected ro:Secondary/Primary ds:UpToDate/UpToDate");
    }

    @Test
    void seedWfConnectionOnThePrimary() {
        DrbdState s = parser.parse(fixture("drbd/proc-drbd/seed-004-wfconnection-primary.txt"));

        DrbdResource r = s.resource("1").orElseThrow();
        assertThat(r.connection()).isEqualTo(ConnectionState.WF_CONNECTION);
        assertThat(r.localRole()).isEqualTo(Role.PRIMARY);
        assertThat(r.peerRole()).isEqualTo(Role.UNKNOWN);
        assertThat(r.localDisk()).isEqualTo(DiskState.UP_TO_DATE);
        assertThat(r.peerDisk()).isEqualTo(DiskState.D_UNKNOWN);
        assertThat(s.anyDisconnected()).isTrue();
        assertThat(s.anyStandAlone()).isFalse();
        assertThat(s.allHealthy()).isFalse();
    }

    @Test
    void realSampleSyncSourceAndTargetWithProgress() {
        DrbdState source = parser.parse(fixture("drbd/proc-drbd/sample-8.4-sync-source.txt"));
        assertThat(source.resources()).singleElement().satisfies(r -> {
            assertThat(r.minor()).isZero();
            assertThat(r.connection()).isEqualTo(ConnectionState.SYNC_SOURCE);
            assertThat(r.peerDisk()).isEqualTo(DiskState.INCONSISTENT);
            assertThat(r.syncPercent()).isEqualTo(28.5);
        });
        assertThat(source.anySyncing()).isTrue();
        assertThat(source.syncPercent()).isEqualTo(28.5);

        DrbdState target = parser.parse(fixture("drbd/proc-drbd/sample-8.4-sync-target.txt"));
        assertThat(target.resources().get(0).connection()).isEqualTo(ConnectionState.SYNC_TARGET);
        assertThat(target.resources().get(0).localDisk()).isEqualTo(DiskState.INCONSISTENT);
        assertThat(target.resources().get(0).connection().isConnected()).isTrue();
        assertThat(target.allHealthy()).isFalse();
    }

    @Test
    void realSampleStandAloneAfterSplitBrain() {
        DrbdState s = parser.parse(fixture("drbd/proc-drbd/sample-8.4-standalone-split-brain.txt"));
        assertThat(s.version()).isEqualTo("8.4.5");
        assertThat(s.anyStandAlone()).isTrue();
        assertThat(s.resources().get(0).localRole()).isEqualTo(Role.PRIMARY);
        assertThat(s.resources().get(0).peerDisk()).isEqualTo(DiskState.D_UNKNOWN);
    }

    @Test
    void realSampleSeveralMinorsOneUnconfigured() {
        DrbdState s = parser.parse(fixture("drbd/proc-drbd/sample-8.4-two-minors-one-unconfigured.txt"));
        assertThat(s.resources()).extracting(DrbdResource::minor).containsExactly(0, 1, 2);
        assertThat(s.resources()).extracting(DrbdResource::connection).containsExactly(ConnectionState.CONNECTED,
                ConnectionState.UNCONFIGURED, ConnectionState.WF_CONNECTION);
        assertThat(s.resource("2").orElseThrow().localDisk()).isEqualTo(DiskState.OUTDATED);
    }

    @Test
    void realSampleDrbd83UsesSt() {
        DrbdState s = parser.parse(fixture("drbd/proc-drbd/sample-8.3-st-connected.txt"));
        assertThat(s.resources().get(0).localRole()).isEqualTo(Role.SECONDARY);
        assertThat(s.resources().get(0).peerRole()).isEqualTo(Role.PRIMARY);
        assertThat(s.allHealthy()).isTrue();
    }

    @Test
    void realSampleDrbd9PrintsOnlyItsVersion() {
        DrbdState s = parser.parse(fixture("drbd/proc-drbd/sample-9.0-version-only.txt"));
        assertThat(s.version()).isEqualTo("9.0.29-1");
        assertThat(s.resources()).isEmpty();
        assertThat(s.allHealthy()).isFalse();
        assertThat(s.summary()).isEqualTo("no DRBD resource configured");
    }

    @Test
    void unknownStatesAreUnknownNotGuessed() {
        DrbdState s = parser.parse("version: 8.4.7-1\n 3: cs:Frobnicating ro:Tertiary/Secondary ds:Weird/UpToDate C");
        DrbdResource r = s.resources().get(0);
        assertThat(r.connection()).isEqualTo(ConnectionState.UNKNOWN);
        assertThat(r.localRole()).isEqualTo(Role.UNKNOWN);
        assertThat(r.localDisk()).isEqualTo(DiskState.UNKNOWN);
    }

    @Test
    void refusesWhatIsNotProcDrbd() {
        assertThatThrownBy(() -> parser.parse("cat: /proc/drbd: No such file or directory"))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("/proc/drbd");
        assertThatThrownBy(() -> parser.parse("version: 8.4.7-1\n 1: cs:Connected C r-----"))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("minor 1");
        assertThatThrownBy(() -> parser.parse("")).isInstanceOf(UnparseableOutputException.class);
    }
}
