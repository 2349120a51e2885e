package io.harunbooks.messenger;

import io.harunbooks.engine.UnparseableOutputException;
import io.harunbooks.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IprosClusterParserTest {

    private final IprosClusterParser parser = new IprosClusterParser();

    static List<String> fixtures() {
        return Fixtures.all("messenger/ipros-cluster-show");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everySeedOutputParsesWithExactlyOneSelf(String path) {
        ControllerCluster view = parser.parse(fixture(path));

        assertThat(view.members()).hasSize(2);
        assertThat(view.selfName()).isIn("vkt03", "vkt04");
    }

    @Test
    void healthyMasterSeesItselfMainAndTheReplicaAlive() {
        ControllerCluster view = parser.parse(fixture("messenger/ipros-cluster-show/healthy-vkt03.txt"));

        assertThat(view.selfName()).isEqualTo("vkt03");
        assertThat(view.selfIsMain()).isTrue();
        assertThat(view.seesAlive("vkt04")).isTrue();
        assertThat(view.seesAliveMain("vkt04")).isFalse();
        assertThat(view.self().address()).isEqualTo("10.32.88.0:2410");
        assertThat(view.mainCount()).isEqualTo(1);
    }

    @Test
    void splitBrainEachNodeIsMainAndSeesThePeerDead() {
        ControllerCluster on03 = parser.parse(fixture("messenger/ipros-cluster-show/two-masters-vkt03.txt"));
        ControllerCluster on04 = parser.parse(fixture("messenger/ipros-cluster-show/two-masters-vkt04.txt"));

        assertThat(on03.selfIsMain()).isTrue();
        assertThat(on03.seesDead("vkt04")).isTrue();
        assertThat(on04.selfIsMain()).isTrue();
        assertThat(on04.selfName()).isEqualTo("vkt04");
        assertThat(on04.seesDead("vkt03.weave.local")).isTrue();
    }

    @Test
    void replicaLostMasterSeesTheReplicaDeadWithTheSeedsDoubleSpacing() {
        ControllerCluster view = parser.parse(fixture("messenger/ipros-cluster-show/replica-lost-vkt03.txt"));

        assertThat(view.selfIsMain()).isTrue();
        assertThat(view.seesDead("vkt04")).isTrue();
        assertThat(view.seesAlive("vkt04")).isFalse();
    }

    @Test
    void afterReReplicationTheFormerMasterIsSelfAndSeesTheOtherAliveMain() {
        ControllerCluster view = parser.parse(fixture("messenger/ipros-cluster-show/re-replicated-vkt03.txt"));

        assertThat(view.selfIsMain()).isFalse();
        assertThat(view.seesAliveMain("vkt04")).isTrue();
    }

    @Test
    void unknownStateIsUnparseableNotADefault() {
        assertThatThrownBy(() -> parser.parse("vkt03.weave.local      10.32.88.0:2410 self mian\n"))
                .isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("unexpected line")
                .hasMessageContaining("self mian");
    }

    @Test
    void outputWithoutSelfLineOrEmptyIsUnparseable() {
        assertThatThrownBy(() -> parser.parse("vkt03.weave.local 10.32.88.0:2410 alive main\n"))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("exactly one 'self'");
        assertThatThrownBy(() -> parser.parse("\n"))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("no controller lines");
    }
}
