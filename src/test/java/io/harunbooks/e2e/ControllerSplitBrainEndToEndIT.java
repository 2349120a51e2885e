package io.harunbooks.e2e;

import io.harunbooks.support.LabApplication;
import io.harunbooks.support.SplitBrainScenario;
import org.junit.jupiter.api.Test;

/** The foundation's acceptance scenario ({@link SplitBrainScenario}) on the default engine database, H2. */
class ControllerSplitBrainEndToEndIT extends LabApplication {

    @Test
    void operatorResolvesSplitBrainByKeepingVkt04() {
        SplitBrainScenario.resolveKeepingVkt04(this);
    }
}
