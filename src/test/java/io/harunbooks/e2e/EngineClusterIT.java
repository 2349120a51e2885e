package io.harunbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.AppProcess;
import io.harunbooks.support.LabApplicationClient;
import io.harunbooks.support.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes on one PostgreSQL database form a Camunda cluster: node A is this test's application (with
 * the lab), node B a second JVM started from the same classpath with the same database and A's lab inventory. Runs are
 * started on one node and their decisions taken on the other; every job runs once (each command once in the
 * journal), and both nodes execute jobs.
 */
@DirtiesContext // a context of its own: closed after the class, so its job executor and lab stop with it
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.generic-properties.properties.hostname=nodeA")
@ActiveProfiles({"lab", "postgres"})
class EngineClusterIT extends LabApplicationClient {

    private static String databaseUrl;
    private static AppProcess nodeB;

    @Autowired
    JdbcTemplate jdbc;
    @Value("${runbooks.lab.dir}")
    String labDirectory;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) throws IOException {
        databaseUrl = LocalPostgres.createDatabase("ha_runbooks_cluster");
        registerLab(registry, databaseUrl, LocalPostgres.USER, "");
    }

    @AfterAll
    static void stopNodeB() throws InterruptedException {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    private void startNodeB() throws Exception {
        nodeB = AppProcess.start("node-b", List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + LocalPostgres.USER,
                "--runbooks.inventory.path=" + Path.of(labDirectory, "inventory.yaml"),
                "--camunda.bpm.generic-properties.properties.hostname=nodeB"));
    }

    private HttpResponse<String> onB(String method, String path, String json) throws IOException, InterruptedException {
        return nodeB.send(method, path, json);
    }

    @Test
    void runsStartedOnOneNodeAndDecidedOnTheOtherRunEveryStepOnce() throws Exception {
        startNodeB();
        int runs = 4;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            assertThat(post("/api/lab/clusters/msg-lab/faults/two-masters", "").status()).isEqualTo(200);
            String body = "{\"cluster\": \"msg-lab\"}";
            String id;
            if (i % 2 == 0) {
                id = post("/api/runbooks/controller-split-brain/runs", body).json().get("id").asText();
            } else {
                HttpResponse<String> r = onB("POST", "/api/runbooks/controller-split-brain/runs", body);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                id = JSON.readTree(r.body()).get("id").asText();
            }
            ids.add(id);
            JsonNode task = await("/engine-rest/task?processInstanceId=" + id, Duration.ofSeconds(60),
                    t -> t.size() == 1).get(0);
            String complete = "{\"variables\": {\"master\": {\"value\": \"" + (i % 2 == 0 ? "vkt04" : "vkt03")
                    + "\"}}}";
            if (i % 2 == 0) {
                HttpResponse<String> r = onB("POST", "/engine-rest/task/" + task.get("id").asText() + "/complete",
                        complete);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
            } else {
                assertThat(post("/engine-rest/task/" + task.get("id").asText() + "/complete", complete).status())
                        .isEqualTo(204);
            }
            await("/engine-rest/history/process-instance/" + id, Duration.ofSeconds(60),
                    h -> "COMPLETED".equals(h.get("state").asText()));
        }

        for (String id : ids) {
            assertThat(jdbc.queryForObject("SELECT END_ACT_ID_ FROM ACT_HI_PROCINST WHERE ID_ = ?", String.class, id))
                    .isEqualTo("EndEvent_Recovered");
            List<String> steps = jdbc.queryForList(
                    "SELECT ACTIVITY_ID || ' ' || HOST FROM RB_JOURNAL WHERE PROC_INST_ID = ? AND KIND = 'COMMAND'",
                    String.class, id);
            assertThat(steps).hasSize(9);
            Set<String> distinct = new HashSet<>(steps);
            assertThat(distinct).as("each step once in " + steps).hasSize(9);
        }
        List<String> hosts = jdbc.queryForList(
                "SELECT DISTINCT HOSTNAME_ FROM ACT_HI_JOB_LOG WHERE JOB_EXCEPTION_MSG_ IS NULL AND HOSTNAME_ IS NOT NULL",
                String.class);
        System.out.println("job executors that ran jobs: " + hosts);
        assertThat(hosts).contains("nodeA");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_INCIDENT", Integer.class)).isZero();
        assertThat(nodeB.isAlive()).isTrue();
    }
}
