package io.harunbooks.messenger;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImUtilsAndKubectlParserTest {

    @Test
    void reupOutputNamesNamespacePvcAndPod() {
        ReupResult r = new ImUtilsReupParser().parse(fixture("messenger/im-utils-reup/files-replica-1.txt"));

        assertThat(r.namespace()).isEqualTo("files");
        assertThat(r.pvc()).isEqualTo("data-files-mysql-mysql-cluster-im-db-mysql-1");
        assertThat(r.pod()).isEqualTo("files-mysql-mysql-cluster-im-db-mysql-1");
    }

    @Test
    void reupWithoutDeletionLinesIsUnparseable() {
        assertThatThrownBy(() -> new ImUtilsReupParser().parse("25 Feb 25 15:29:31 854622 | INFO | weave is ready |"))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("deleting pvc");
    }

    @Test
    void podListReadsReadyAndStatus() {
        PodList pods = new KubectlPodsParser().parse(fixture("messenger/kubectl-get-po/files-ready.txt"));

        assertThat(pods.ready("files-mysql-mysql-cluster-im-db-mysql-1")).isTrue();
        assertThat(pods.readyColumn("files-mysql-mysql-cluster-im-db-mysql-1")).isEqualTo("5/5");
        assertThat(pods.ready("files-mysql-mysql-cluster-im-db-mysql-0")).isFalse();
    }

    @Test
    void podNotYetReady() {
        PodList pods = new KubectlPodsParser().parse("""
                NAME\tREADY\tSTATUS\tRESTARTS\tAGE
                files-mysql-mysql-cluster-im-db-mysql-1\t3/5\tRunning\t0\t1m
                files-mysql-mysql-cluster-im-db-mysql-2\t5/5\tTerminating\t0\t1m
                """);

        assertThat(pods.ready("files-mysql-mysql-cluster-im-db-mysql-1")).isFalse();
        assertThat(pods.ready("files-mysql-mysql-cluster-im-db-mysql-2")).isFalse();
        assertThat(new KubectlPodsParser().parse("No resources found in files namespace.\n").pods()).isEmpty();
        assertThatThrownBy(() -> new KubectlPodsParser().parse("error: You must be logged in to the server"))
                .isInstanceOf(UnparseableOutputException.class);
    }

    @Test
    void flipSucceedsOnStartedOrOk() {
        IcFlipParser flip = new IcFlipParser();

        assertThat(flip.parse("started\n").ok()).isTrue();
        assertThat(flip.parse("OK\n").ok()).isTrue();
        assertThat(flip.parse("ERROR: flip failed: timeout\n").ok()).isFalse();
        assertThat(flip.parse("").ok()).isFalse();
    }
}
