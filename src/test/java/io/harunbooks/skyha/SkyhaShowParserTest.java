package io.harunbooks.skyha;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SkyhaShowParserTest {

    private final SkyhaShowParser parser = new SkyhaShowParser();

    @Test
    void seedHealthyPair() {
        SkyhaStatus s = parser.parse(fixture("skyha/skyha-show/seed-healthy-db1-master.txt"));
        assertThat(s.online()).containsExactly("db1", "db2");
        assertThat(s.master()).isEqualTo("db1");
        assertThat(s.slave()).isEqualTo("db2");
        assertThat(s.resources()).hasSize(7).containsEntry("postgres", "Started db1");
        assertThat(s.attribute("db2", SkyhaStatus.MASTER_SCORE)).isEqualTo("10000");
        assertThat(s.drbdInSync()).isTrue();
        assertThat(s.pgInSync()).isTrue();
        assertThat(s.healthy()).isTrue();
        assertThat(s.summary()).startsWith("healthy");
        assertThat(s.vip()).isEqualTo("192.168.142.191");
        assertThat(s.address("db2")).isEqualTo("192.168.142.172");
        assertThat(s.addresses()).hasSize(2);
    }

    @Test
    void simulatedStandbyOfflineAndStoppedResources() {
        SkyhaStatus s = parser.parse(fixture("skyha/skyha-show/sim-slave-standby-redis-stopped.txt"));
        assertThat(s.standby()).containsExactly("skyha2");
        assertThat(s.stoppedResources()).containsExactly("redis");
        assertThat(s.bothOnline()).isFalse();
        assertThat(s.problems()).hasSize(4);

        SkyhaStatus down = parser.parse(fixture("skyha/skyha-show/sim-master-down.txt"));
        assertThat(down.offline()).containsExactly("skyha1");
        assertThat(down.master()).isEqualTo("skyha2");
        assertThat(down.pgInSync()).isFalse();
        assertThat(down.summary()).contains("offline [skyha1]");
    }

    @Test
    void refusesWhatIsNotSkyhaShow() {
        assertThatThrownBy(() -> parser.parse("Error: cluster is not currently running on this node"))
                .isInstanceOf(UnparseableOutputException.class);
    }
}
