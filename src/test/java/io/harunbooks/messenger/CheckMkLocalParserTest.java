package io.harunbooks.messenger;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckMkLocalParserTest {

    private final CheckMkLocalParser parser = new CheckMkLocalParser();

    @Test
    void topologyOk() {
        LocalCheck check = parser.parse(fixture("messenger/ctlr-topo-check/ok.txt"));

        assertThat(check.ok()).isTrue();
        assertThat(check.service()).isEqualTo("ctlr_topo_check");
        assertThat(check.text()).isEqualTo("ctlr topology is OK");
    }

    @Test
    void topologyBadNamesTheNodeToLookAt() {
        LocalCheck check = parser.parse(fixture("messenger/ctlr-topo-check/no-active-replicas-vkt04.txt"));

        assertThat(check.ok()).isFalse();
        assertThat(check.status()).isEqualTo(2);
        assertThat(check.text()).endsWith("check ctlr logs on vkt04");
    }

    @Test
    void somethingElseIsUnparseable() {
        assertThatThrownBy(() -> parser.parse("bash: ctlr_topo_check.sh: No such file or directory"))
                .isInstanceOf(UnparseableOutputException.class);
    }
}
