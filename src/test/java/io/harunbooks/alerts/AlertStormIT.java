package io.harunbooks.alerts;

import io.harunbooks.support.Runs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alert storms over real HTTP: a production-like start (no lab) with an inventory of 52 clusters and the job executor
 * off, so started runs wait at their first step and nothing is contacted. Every alert is recorded; exactly one run
 * starts per cluster.
 */
@DirtiesContext // a context of its own: closed after the class, so its job executor and lab stop with it
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "camunda.bpm.admin-user.password=storm-admin",
        "runbooks.alerts.sources.alertmanager.token=storm-token",
        "spring.datasource.url=jdbc:h2:mem:alert-storm;DB_CLOSE_DELAY=-1"})
class AlertStormIT {

    private static final int CLUSTERS = 52;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;
    @Autowired
    AlertStore store;

    @DynamicPropertySource
    static void inventory(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("ha-runbooks-storm-");
        Files.writeString(dir.resolve("known_hosts"), "");
        Files.writeString(dir.resolve("id_none"), "never used: the job executor is off");
        StringBuilder yaml = new StringBuilder("knownHosts: known_hosts\nclusters:\n");
        for (int c = 1; c <= CLUSTERS; c++) {
            yaml.append("  - name: c").append(String.format("%02d", c)).append("\n    system: messenger\n    hosts:\n");
            for (int h = 1; h <= 2; h++) {
                yaml.append("      - {name: n").append(h).append(", address: 127.0.0.1, port: ").append(h)
                        .append(", user: root, privateKey: id_none, roles: [controller, node]}\n");
            }
        }
        Files.writeString(dir.resolve("inventory.yaml"), yaml);
        registry.add("runbooks.inventory.path", () -> dir.resolve("inventory.yaml").toString());
    }

    private static String splitBrain(String cluster, String fingerprint) {
        return """
                {"version": "4", "status": "firing", "alerts": [{"status": "firing", "fingerprint": "%s",
                 "labels": {"alertname": "ControllerSplitBrain", "cluster": "%s", "instance": "%s"},
                 "annotations": {"summary": "both controllers claim main"}}]}""".formatted(fingerprint, cluster,
                fingerprint);
    }

    private List<JsonNode> fire(List<String> bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (String body : bodies) {
                answers.add(pool.submit(() -> {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + port + "/api/alerts/alertmanager"))
                            .header("Authorization", "Bearer storm-token").header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                    return JSON.readTree(r.body()).at("/alerts/0");
                }));
            }
            List<JsonNode> out = new ArrayList<>();
            for (Future<JsonNode> f : answers) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<AlertStore.Outcome, Integer> count(List<JsonNode> outcomes) {
        Map<AlertStore.Outcome, Integer> n = new EnumMap<>(AlertStore.Outcome.class);
        outcomes.forEach(o -> n.merge(AlertStore.Outcome.valueOf(o.get("outcome").asText()), 1, Integer::sum));
        return n;
    }

    private static String seedAlert(String cluster, String check, String summary, String fingerprint, String status) {
        return """
                {"version": "4", "status": "%s", "alerts": [{"status": "%s", "fingerprint": "%s",
                 "labels": {"alertname": "%s", "cluster": "%s"}, "annotations": {"summary": "%s"}}]}"""
                .formatted(status, status, fingerprint, check, cluster, summary);
    }

    @Test
    void anAutoflipAlertRepairsTheServicesStillAlertingReplicationFirst() throws Exception {
        String kust = seedAlert("c02", "snmpexec_mon_cox_1_status", "- - replfailed (total: 3)", "kust-c02", "firing");
        JsonNode kustRun = fire(List.of(kust)).get(0);
        assertThat(kustRun.get("outcome").asText()).isEqualTo("STARTED");
        Runs.delete(runtime, kustRun.get("runId").asText(), "replica repaired by hand meanwhile");

        JsonNode autoflip = fire(List.of(seedAlert("c02", "ctlr_topo_check",
                "- ctlr topology is BAD: autoflip blocked for maps: [cox]", "autoflip-c02", "firing"))).get(0);

        assertThat(autoflip.get("outcome").asText()).isEqualTo("STARTED");
        assertThat(autoflip.get("runbook").asText()).isEqualTo("autoflip-unblock");
        String runId = autoflip.get("runId").asText();
        assertThat(runtime.getVariables(runId)).containsEntry("service", "cox")
                .containsEntry("repairRunbook", "kust-replica-resync").containsEntry("repairService", "cox")
                .containsEntry("repairInstance", "cox-1");
        Runs.delete(runtime, runId, "test done");

        fire(List.of(seedAlert("c02", "snmpexec_mon_cox_1_status", "- - replfailed", "kust-c02", "resolved")));
        JsonNode afterResolution = fire(List.of(seedAlert("c02", "ctlr_topo_check",
                "- ctlr topology is BAD: autoflip blocked for maps: [cox]", "autoflip-c02-b", "firing"))).get(0);
        assertThat(afterResolution.get("outcome").asText()).isEqualTo("ANTI_FLAP");
    }

    @Test
    void aThousandAlertsForOneClusterStartExactlyOneRunAndAreAllRecorded() throws Exception {
        long recordedBefore = store.count();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            bodies.add(splitBrain("c01", "storm-one-" + (i % 100))); // 100 distinct alerts, each repeated 10 times
        }

        long start = System.nanoTime();
        Map<AlertStore.Outcome, Integer> outcomes = count(fire(bodies));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        System.out.printf("storm: 1000 alerts for one cluster in %d ms: %s%n", ms, outcomes);
        assertThat(outcomes.get(AlertStore.Outcome.STARTED)).isEqualTo(1);
        assertThat(outcomes.getOrDefault(AlertStore.Outcome.BUSY, 0)
                + outcomes.getOrDefault(AlertStore.Outcome.DEDUPLICATED, 0)).isEqualTo(999);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey("c01").count()).isEqualTo(1);
        assertThat(store.count() - recordedBefore).isEqualTo(1000);
    }

    @Test
    void aThousandAlertsAcrossFiftyClustersStartOneRunPerCluster() throws Exception {
        long recordedBefore = store.count();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String cluster = String.format("c%02d", 3 + i % 50);
            bodies.add(splitBrain(cluster, "storm-many-" + i));
        }

        Map<AlertStore.Outcome, Integer> outcomes = count(fire(bodies));

        System.out.printf("storm: 1000 alerts across 50 clusters: %s%n", outcomes);
        assertThat(outcomes.get(AlertStore.Outcome.STARTED)).isEqualTo(50);
        assertThat(outcomes.get(AlertStore.Outcome.BUSY)).isEqualTo(950);
        for (int c = 3; c < 53; c++) {
            assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.format("c%02d", c))
                    .count()).isEqualTo(1);
        }
        assertThat(store.count() - recordedBefore).isEqualTo(1000);
    }
}
