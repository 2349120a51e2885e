package io.harunbooks.drbd;

import org.junit.jupiter.api.Test;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrbdGuardTest {

    private static final DrbdState PRIMARY_STANDALONE = new ProcDrbdParser().parse(
            fixture("drbd/proc-drbd/sample-8.4-standalone-split-brain.txt"));
    private static final DrbdState SECONDARY_STANDALONE = new DrbdState("8.4.5", java.util.List.of(
            new DrbdResource(null, 0, ConnectionState.STAND_ALONE, Role.SECONDARY, Role.UNKNOWN,
                    DiskState.UP_TO_DATE, DiskState.D_UNKNOWN, null)));
    private static final DrbdState SECONDARY_OUTDATED = new DrbdState("8.4.5", java.util.List.of(
            new DrbdResource(null, 0, ConnectionState.STAND_ALONE, Role.SECONDARY, Role.UNKNOWN,
                    DiskState.OUTDATED, DiskState.D_UNKNOWN, null)));

    @Test
    void discardOnTheConfirmedSecondaryWhilePeerIsUpToDateIsAllowed() {
        DrbdGuard.Decision d = DrbdGuard.check(DrbdAction.DISCARD_MY_DATA, "n2", SECONDARY_STANDALONE, "n1",
                PRIMARY_STANDALONE, "all", "n2");
        assertThat(d.allowed()).isTrue();
        assertThat(d.reason()).startsWith("discard-my-data on n2 allowed").contains("n1 [minor 0: cs:StandAlone");
    }

    @Test
    void discardOnThePrimaryIsRefused() {
        DrbdGuard.Decision d = DrbdGuard.check(DrbdAction.DISCARD_MY_DATA, "n1", PRIMARY_STANDALONE, "n2",
                SECONDARY_STANDALONE, "all", "n1");
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("n1 is Primary for minor 0");
    }

    @Test
    void discardOnTheOnlyUpToDateDiskIsRefused() {
        DrbdGuard.Decision d = DrbdGuard.check(DrbdAction.DISCARD_MY_DATA, "n2", SECONDARY_STANDALONE, "n1",
                SECONDARY_OUTDATED, "all", "n2");
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("n2 holds the only UpToDate disk of minor 0 (n1: Outdated)");
        assertThat(DrbdGuard.check(DrbdAction.DISCARD_MY_DATA, "n2", SECONDARY_STANDALONE, "n1", null, "all", "n2")
                .reason()).contains("(n1: state unknown)");
    }

    @Test
    void invalidateNeedsAConfirmationNamingThatNode() {
        assertThat(DrbdGuard.check(DrbdAction.INVALIDATE, "n2", SECONDARY_STANDALONE, "n1", PRIMARY_STANDALONE,
                "0", null).reason()).contains("no person confirmed");
        assertThat(DrbdGuard.check(DrbdAction.INVALIDATE, "n2", SECONDARY_STANDALONE, "n1", PRIMARY_STANDALONE,
                "0", "n1").reason()).contains("the confirmation names n1");
        assertThat(DrbdGuard.check(DrbdAction.INVALIDATE, "n2", SECONDARY_STANDALONE, "n1", PRIMARY_STANDALONE,
                "0", "n2").allowed()).isTrue();
        assertThat(DrbdGuard.check(DrbdAction.INVALIDATE, "n2", SECONDARY_STANDALONE, "n1", PRIMARY_STANDALONE,
                "7", "n2").reason()).contains("has no DRBD resource '7'");
    }

    @Test
    void nonDestructiveActionsPass() {
        assertThat(DrbdGuard.check(DrbdAction.CONNECT, "n1", null, null, null, "all", null).allowed()).isTrue();
    }

    @Test
    void commandLines() {
        assertThat(DrbdAction.of("discard-my-data").commandLine("all"))
                .isEqualTo("drbdadm -- --discard-my-data connect all");
        assertThat(DrbdAction.of("secondary").commandLine("skydata")).isEqualTo("drbdadm secondary skydata");
        assertThat(DrbdAction.INVALIDATE.commandLine("23")).isEqualTo("drbdsetup /dev/drbd23 invalidate");
        assertThatThrownBy(() -> DrbdAction.INVALIDATE.commandLine("all")).hasMessageContaining("minor number");
        assertThatThrownBy(() -> DrbdAction.CONNECT.commandLine("all; rm -rf /"))
                .hasMessageContaining("not a DRBD resource");
        assertThatThrownBy(() -> DrbdAction.of("down")).hasMessageContaining("unknown drbdadm action");
    }
}
