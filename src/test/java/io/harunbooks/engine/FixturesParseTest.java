package io.harunbooks.engine;

import io.harunbooks.messenger.CheckMkLocalParser;
import io.harunbooks.messenger.IcMapParser;
import io.harunbooks.messenger.ImUtilsReupParser;
import io.harunbooks.messenger.IprosClusterParser;
import io.harunbooks.messenger.KubectlPodsParser;
import io.harunbooks.messenger.OrchTopologyParser;
import io.harunbooks.mysql.ReplicaStatusParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Every fixture (a real output from the seeds) parses with the parser of its command directory. */
class FixturesParseTest {

    /** Command directory -> parser name; null for fixtures only the lab reproduces (no parser reads them). */
    private static final Map<String, String> PARSER_OF = new java.util.HashMap<>(Map.of(
            "messenger/ipros-cluster-show", "ipros-cluster-show",
            "messenger/ctlr-topo-check", "check-mk-local",
            "messenger/ic-map", "ic-map",
            "messenger/orch-topo", "orch-topo",
            "messenger/im-utils-reup", "im-utils-reup",
            "messenger/kubectl-get-po", "kubectl-get-po",
            "messenger/alerts", "check-mk-local",
            "mysql/show-slave-status", "show-slave-status"));

    static {
        // read by the expected-output patterns of the runbooks and reproduced by the lab, not parsed
        PARSER_OF.put("messenger/ctlr-conf", null);
        // Compass (seed 000)
        PARSER_OF.put("compass/service-labels", "compass-service-labels");
        PARSER_OF.put("compass/check-current-master", "compass-check-master");
        PARSER_OF.put("compass/replication-status", "compass-replication-status");
        PARSER_OF.put("compass/vip-grep", "compass-vip");
        PARSER_OF.put("compass/keepalived-state-log", "compass-keepalived-state-log");
        PARSER_OF.put("compass/systemctl-status", "compass-systemctl-status");
        PARSER_OF.put("compass/create-team", "compass-create-team");
        PARSER_OF.put("compass/replication-scripts", null);
        PARSER_OF.put("messenger/clean-kust-replica", null);
        PARSER_OF.put("messenger/clean-tnt-replica", null);
        // webhook bodies: read by AlertPayloads in the alert tests
        PARSER_OF.put("alerts/alertmanager", null);
        PARSER_OF.put("alerts/zabbix", null);
        PARSER_OF.put("alerts/checkmk", null);
        PARSER_OF.put("skoor/eranger-status", "eranger-status");
        PARSER_OF.put("skoor/eranger-server-replication", "eranger-server-replication");
        PARSER_OF.put("drbd/proc-drbd", "proc-drbd");
        PARSER_OF.put("drbd/drbdadm-status", "drbdadm-status");
        PARSER_OF.put("ganeti/dmesg", "dmesg-split-brain");
        PARSER_OF.put("ganeti/gnt-node-list", "gnt-node-list");
        PARSER_OF.put("ganeti/gnt-instance-list", "gnt-instance-list");
        PARSER_OF.put("ganeti/gnt-cluster-getmaster", "gnt-cluster-getmaster");
        PARSER_OF.put("ganeti/mdstat", "mdstat");
        PARSER_OF.put("ganeti/fdisk-list", "fdisk-list");
        PARSER_OF.put("skyha/skyha-show", "skyha-show");
    }

    private final OutputParsers parsers = new OutputParsers(io.harunbooks.support.ProcessTestEngine.allOutputParsers());

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        Path root = Path.of(FixturesParseTest.class.getResource("/fixtures").toURI());
        List<String> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void parses(String path) {
        String dir = path.substring(0, path.lastIndexOf('/'));
        assertThat(PARSER_OF).as("fixture directory %s has no parser mapping in this test", dir).containsKey(dir);
        String parser = PARSER_OF.get(dir);
        if (parser != null) {
            assertThat(parsers.get(parser).parse(fixture(path))).isNotNull();
        }
    }
}
