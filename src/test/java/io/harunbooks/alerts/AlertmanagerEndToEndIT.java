package io.harunbooks.alerts;

import io.harunbooks.support.Runs;
import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.AlertmanagerProcess;
import io.harunbooks.support.LabApplicationClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus Alertmanager delivers alerts (added with {@code amtool}) to the application's webhook, which
 * starts the runbooks on the lab; the alert's resolution travels the same way. The application context is this
 * class's own (not {@code LabApplication}'s): the anti-flap state of a shared context would refuse a second
 * automatic start of a runbook on the lab cluster.
 */
@DirtiesContext // a context of its own: closed after the class, so its job executor and lab stop with it
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertmanagerEndToEndIT extends LabApplicationClient {

    private static final String TOKEN = "lab-alertmanager-token";
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String FILES_1 = "files-mysql-mysql-cluster-im-db-mysql-1.mysql.files:3306";

    private AlertmanagerProcess alertmanager;

    @DynamicPropertySource
    static void labProperties(DynamicPropertyRegistry registry) throws IOException {
        registerLab(registry, "alertmanager-e2e");
    }

    /** Alertmanager's log on the console when a test fails. */
    @RegisterExtension
    final TestWatcher printAlertmanagerLog = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (alertmanager != null) {
                System.err.println("---- Alertmanager log (" + alertmanager.logFile() + ") after "
                        + context.getDisplayName() + " failed ----\n" + alertmanager.log() + "---- end ----");
            }
        }
    };

    @BeforeAll
    void startAlertmanager() throws IOException {
        alertmanager = AlertmanagerProcess.start("http://127.0.0.1:" + port + "/api/alerts/alertmanager", TOKEN);
    }

    @AfterAll
    void stopAlertmanager() {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @AfterEach
    void noRunLeftBehind() {
        Runs.deleteAll(runtimeService);
    }

    @Test
    void anOrchTopologyAlertFromAlertmanagerStartsTheMysqlRepairOnTheLab() {
        injectFault("mysql-broken-replica");

        alertmanager.amtool("alert", "add", "orch_topo_check", "cluster=msg-lab", "severity=critical",
                "--annotation=summary=orch topology is BAD: see 'im_utils --check-orch' for details");

        JsonNode started = awaitRecord(a -> a.path("name").asText().equals("orch_topo_check")
                && a.path("outcome").asText().equals("STARTED"));
        assertThat(started.get("source").asText()).isEqualTo("alertmanager");
        assertThat(started.get("runbook").asText()).isEqualTo("mysql-topology-repair");
        assertThat(started.get("cluster").asText()).isEqualTo("msg-lab");
        String runId = started.get("runId").asText();

        // runs started by alerts use the runbook's defaults (pods polled every 30 s): the first commands only
        await("/api/runs/" + runId + "/journal", DELIVERY,
                j -> commands(j).contains("vkt03: im_utils --reup-mysql-replica " + FILES_1));
        List<String> commands = journalCommands(runId);
        assertThat(commands.get(0)).isEqualTo("vkt03: /usr/local/bin/orch_topo.sh");
        assertThat(commands.subList(1, commands.size()))
                .contains("vkt03: im_utils --reup-mysql-replica " + FILES_1);

        Runs.delete(runtimeService, runId, "test: first commands seen");
    }

    @Test
    void aControllerAlertStartsTheRebuildAndItsResolutionReachesTheWaitingTask() {
        injectFault("replica-lost");
        String summary = "ctlr topology is BAD: ctlr has no active replicas, check ctlr logs on vkt04";

        alertmanager.amtool("alert", "add", "ctlr_topo_check", "cluster=msg-lab", "severity=critical",
                "--annotation=summary=" + summary);

        JsonNode started = awaitRecord(a -> a.path("name").asText().equals("ctlr_topo_check")
                && a.path("outcome").asText().equals("STARTED"));
        assertThat(started.get("runbook").asText()).isEqualTo("controller-replica-rebuild");
        String runId = started.get("runId").asText();
        assertThat(runtimeService.getVariable(runId, "node")).isEqualTo("vkt04");
        JsonNode task = await("/engine-rest/task?taskDefinitionKey=Task_ConfirmRebuild&processInstanceId=" + runId,
                DELIVERY, t -> t.size() == 1).get(0);

        // the alert ends: Alertmanager sends the resolved notification of its group
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        alertmanager.amtool("alert", "add", "ctlr_topo_check", "cluster=msg-lab", "severity=critical",
                "--annotation=summary=" + summary, "--end=" + now);

        JsonNode resolved = awaitRecord(a -> a.path("outcome").asText().equals("RESOLVED_ATTACHED")
                && a.path("runId").asText().equals(runId));
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.get("fingerprint").asText()).isEqualTo(started.get("fingerprint").asText());
        JsonNode comments = await("/engine-rest/task/" + task.get("id").asText() + "/comment", DELIVERY,
                c -> c.size() > 0);
        assertThat(comments.get(0).get("message").asText()).contains("Alert resolved").contains(summary);

        Runs.delete(runtimeService, runId, "test: resolution attached");
    }

    /** Waits until the alert record (newest first) holds an entry that satisfies the condition; returns it. */
    private JsonNode awaitRecord(Predicate<JsonNode> condition) {
        JsonNode record = await("/api/alerts", DELIVERY, list -> first(list, condition) != null);
        return first(record, condition);
    }

    private static JsonNode first(JsonNode list, Predicate<JsonNode> condition) {
        for (JsonNode a : list) {
            if (condition.test(a)) {
                return a;
            }
        }
        return null;
    }

    private static List<String> commands(JsonNode journal) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (JsonNode e : journal) {
            if (e.path("kind").asText().equals("COMMAND")) {
                out.add(e.path("host").asText() + ": " + e.path("command").asText());
            }
        }
        return out;
    }
}
