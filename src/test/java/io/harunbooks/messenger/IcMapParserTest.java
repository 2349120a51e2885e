package io.harunbooks.messenger;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IcMapParserTest {

    private final IcMapParser parser = new IcMapParser();

    @Test
    void kustMapSpaceSeparatedFindsTheSlaveOfTheInstance() {
        ServiceMap map = parser.parse(fixture("messenger/ic-map/cox-healthy.txt"));

        assertThat(map.autoflip()).isNull();
        assertThat(map.group("cox-1")).get().extracting(ServiceMap.Group::buckets).isEqualTo(2147483648L);
        assertThat(map.slaveHost("cox-1")).isEqualTo("vkt-4vm-879-standart-02");
        assertThat(map.slaveFullName("cox-1")).isEqualTo("cox.vkt-4vm-879-standart-02.cox-1");
        assertThat(map.mainHost("cox-1")).isEqualTo("vkt-4vm-879-standart-01");
        assertThat(map.allAlive()).isTrue();
    }

    @Test
    void tarantoolMapTabSeparatedWithEmptyColumns() {
        ServiceMap map = parser.parse(fixture("messenger/ic-map/badger-healthy.txt"));

        assertThat(map.slaveHost("badger-3")).isEqualTo("vkt-4vm-675-standart-01");
        assertThat(map.slaveFullName("badger-3")).isEqualTo("badger.vkt-4vm-675-standart-01.badger-3");
        assertThat(map.mainFullName("badger-3")).isEqualTo("badger.vkt-4vm-675-standart-02.badger-3");
        assertThat(map.roleOf("badger.vkt-4vm-675-standart-02.badger-3")).isEqualTo("main");
        assertThat(map.group("badger-3").orElseThrow().servers().get(1).address()).isEqualTo("10.32.48.0:2502");
    }

    @Test
    void autoflipBlockedWithAlertDeadSlaveAndWrappedLastSeen() {
        ServiceMap map = parser.parse(fixture("messenger/ic-map/fate-autoflip-blocked.txt"));

        assertThat(map.autoflipBlocked()).isTrue();
        assertThat(map.autoflipEnabled()).isFalse();
        assertThat(map.alert()).isTrue();
        assertThat(map.autoflip()).isEqualTo("disable due to previous autoflip - have to unset manually");
        ServiceMap.Srv dead = map.group("01").orElseThrow().servers().get(0);
        assertThat(dead.alive()).isFalse();
        assertThat(dead.lastSeen()).isEqualTo("2025-08-14/14:09:05");
        assertThat(dead.instance()).isEqualTo("fate-1");
        assertThat(map.mainFullName("01")).isEqualTo("fate.onpremise.fate-2");
        assertThat(map.slaveFullName("fate-1")).isEqualTo("fate.onpremise.fate-1");
        assertThat(map.slaveFullName("fate-2")).isNull();
        assertThat(map.allAlive()).isFalse();
    }

    @Test
    void autoflipEnabledAfterUnblock() {
        ServiceMap map = parser.parse(fixture("messenger/ic-map/fate-autoflip-enabled.txt"));

        assertThat(map.autoflipEnabled()).isTrue();
        assertThat(map.autoflipBlocked()).isFalse();
        assertThat(map.alert()).isFalse();
        assertThat(map.allAlive()).isTrue();
    }

    @Test
    void unknownInstanceGivesNullsNotAGuess() {
        ServiceMap map = parser.parse(fixture("messenger/ic-map/cox-healthy.txt"));

        assertThat(map.slaveHost("cox-2")).isNull();
        assertThat(map.roleOf("cox.nowhere.cox-1")).isNull();
    }

    @Test
    void somethingElseIsUnparseable() {
        assertThatThrownBy(() -> parser.parse("ic: unknown map 'cxo'\n"))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("unknown map");
        assertThatThrownBy(() -> parser.parse("  srv cox.a.cox-1 10.0.0.1:2510 alive main\n"))
                .hasMessageContaining("srv line before any node line");
        assertThatThrownBy(() -> parser.parse("node cox-1 (1 buckets)\n  srv cox.a.cox-1 10.0.0.1:2510 alive boss\n"))
                .hasMessageContaining("unexpected line");
    }
}
