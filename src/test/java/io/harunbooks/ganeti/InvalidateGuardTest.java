package io.harunbooks.ganeti;

import io.harunbooks.engine.NonRetriableException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvalidateGuardTest {

    private static final List<String> NODES = List.of("gnt1", "gnt2");

    @Test
    void theOtherNodeNamedInTheConfirmationPasses() {
        assertThatCode(() -> InvalidateGuard.check("gnt2", "gnt1", "gnt2", NODES, "21")).doesNotThrowAnyException();
    }

    @Test
    void theNodeHoldingTheCurrentDataIsRefused() {
        assertThatThrownBy(() -> InvalidateGuard.check("gnt1", "gnt1", "gnt1", NODES, "21"))
                .isInstanceOf(NonRetriableException.class).hasMessageContaining("it must run on the OTHER node");
    }

    @Test
    void aNodeOtherThanTheConfirmedOneIsRefused() {
        assertThatThrownBy(() -> InvalidateGuard.check("gnt2", "gnt1", "gnt1", NODES, "21"))
                .hasMessageContaining("the confirmation named 'gnt1'");
        assertThatThrownBy(() -> InvalidateGuard.check("gnt2", "gnt1", null, NODES, "21"))
                .hasMessageContaining("the confirmation named 'null'");
    }

    @Test
    void missingChoiceUnknownNodeAndBadMinorAreRefused() {
        assertThatThrownBy(() -> InvalidateGuard.check("gnt2", null, "gnt2", NODES, "21"))
                .hasMessageContaining("nobody established which node holds the current data");
        assertThatThrownBy(() -> InvalidateGuard.check("gnt3", "gnt1", "gnt3", NODES, "21"))
                .hasMessageContaining("not a node of the cluster");
        assertThatThrownBy(() -> InvalidateGuard.check("gnt2", "gnt1", "gnt2", NODES, "21;rm"))
                .hasMessageContaining("is not a number");
    }
}
