package io.harunbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.lab.LabCluster;
import io.harunbooks.lab.LabProperties;
import io.harunbooks.lab.messenger.MessengerSimulation;
import io.harunbooks.support.AppProcess;
import io.harunbooks.support.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the application in the middle of a runbook, at each kind of point: while it waits for a person, right
 * before an SSH step, during a long command, inside a timer. The application runs in a JVM of its own on
 * PostgreSQL; the lab (whose hosts keep their state across the application's deaths) runs in this JVM. After each
 * restart the run resumes; no completed step runs again; the changing command that was in flight stops in an
 * incident, and runs again once a person retries it. And a step longer than the job lock runs once on two nodes.
 */
class CrashResumeIT {

    static final String RUNBOOK = "tarantool-replica-resync";
    static final String CLEAN = "clean_tnt_replica.sh badger-3";

    static LabCluster lab;
    static MessengerSimulation cluster;
    static String databaseUrl;
    static AppProcess app;

    @BeforeAll
    static void startLab() throws IOException {
        Path dir = Files.createTempDirectory("crash-lab-");
        // the clean takes 6 s: long enough to kill the application while it runs
        lab = new LabCluster(new LabProperties(dir, 0, null, null, null, null, null,
                Map.of("clean_tnt_replica\\.sh .*", Duration.ofSeconds(6))));
        lab.prepareInventory();
        cluster = lab.simulation("msg-lab").orElseThrow();
        databaseUrl = LocalPostgres.createDatabase("ha_runbooks_crash");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        lab.destroy();
    }

    private static AppProcess start(String name) throws IOException, InterruptedException {
        return AppProcess.start(name, List.of(
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + LocalPostgres.USER,
                "--runbooks.inventory.path=" + lab.inventoryFile(),
                // a dead node's job lock expires after 3 s (the lock keeper extends it while a step runs)
                "--camunda.bpm.job-execution.lock-time-in-millis=3000"));
    }

    @Test
    void aRunKilledAtEachKindOfPointResumesAndNoCompletedStepRunsAgain() throws Exception {
        cluster.inject("tarantool-replication-stopped");
        // the lab's command history is shared with the other test of this class: count from here
        long cleans = count(cluster.commandLines("vkt03"), CLEAN);
        long flips = count(cluster.commandLines("vkt03"), "ic flip badger.vkt03.badger-3");
        long restarts = count(cluster.commandLines("vkt04"), "systemctl restart tarantool@badger-3 badger-3");
        app = start("crash-1");
        String id = app.call("POST", "/api/runbooks/" + RUNBOOK + "/runs", """
                {"cluster": "msg-lab", "variables": {"service": "badger", "instance": "badger-3",
                 "waitAfterClean": "PT4S", "waitAfterFlip": "PT2S", "flipRetryWait": "PT2S"}}""", 201)
                .get("id").asText();
        String tasks = "/engine-rest/task?processInstanceId=" + id;

        // 1. killed while waiting for a person: the task is still there after the restart
        app.await(tasks, Duration.ofSeconds(60), t -> t.size() == 1);
        app.kill();
        app = start("crash-2");
        JsonNode task = app.await(tasks, Duration.ofSeconds(30), t -> t.size() == 1).get(0);
        assertThat(task.get("taskDefinitionKey").asText()).isEqualTo("Task_ConfirmClean");

        // 2. killed right after the decision, before (or while) the next SSH step runs
        app.call("POST", "/engine-rest/task/" + task.get("id").asText() + "/complete",
                "{\"variables\": {\"confirmed\": {\"value\": true}}}", 204);
        app.kill();

        // 3. killed during the long clean (journaled as running before it was sent)
        app = start("crash-3");
        awaitJournal(id, rows -> rows.stream().anyMatch(r -> r.command.equals(CLEAN) && r.running()));
        app.kill();

        // the restarted node does not send the clean again on its own: an incident names it
        app = start("crash-4");
        JsonNode incident = app.await("/engine-rest/incident?processInstanceId=" + id, Duration.ofSeconds(60),
                i -> i.size() == 1).get(0);
        assertThat(incident.get("activityId").asText()).isEqualTo("Task_CleanReplica");
        assertThat(incident.get("incidentMessage").asText()).contains("«" + CLEAN + "» on vkt03 was running")
                .contains("outcome is unknown");
        Thread.sleep(6_500); // the lab host finishes the cut command: it took effect, once
        assertThat(count(cluster.commandLines("vkt03"), CLEAN) - cleans).isEqualTo(1);

        // a person checked vkt03 and retries the step in Cockpit: it runs again, once
        JsonNode job = app.call("GET", "/engine-rest/job?processInstanceId=" + id, null, 200).get(0);
        app.call("PUT", "/engine-rest/job/" + job.get("id").asText() + "/retries", "{\"retries\": 1}", 204);

        // 4. killed inside the timer that follows the clean
        app.await("/engine-rest/job?timers=true&processInstanceId=" + id, Duration.ofSeconds(60), j -> j.size() == 1);
        app.kill();
        app = start("crash-5");
        app.await("/engine-rest/history/process-instance/" + id, Duration.ofSeconds(90),
                h -> "COMPLETED".equals(h.get("state").asText()));

        List<Row> journal = journal(id);
        assertThat(journal.stream().filter(r -> r.exitCode != null).map(r -> r.host + ": " + r.command).toList())
                .as("completed commands, each once: %s", journal).containsExactly(
                        "vkt03: ic map badger",
                        "vkt03: ic map badger",
                        "vkt03: " + CLEAN,
                        "vkt03: ic flip badger.vkt03.badger-3",
                        "vkt03: ic map badger",
                        "vkt04: systemctl restart tarantool@badger-3 badger-3");
        List<Row> cut = journal.stream().filter(r -> r.exitCode == null).toList();
        assertThat(cut).as("commands cut by a kill").isNotEmpty().allSatisfy(r -> {
            assertThat(r.running()).isFalse();
            assertThat(r.error).contains("engine stopped while this command ran");
        });
        assertThat(cut.stream().filter(r -> !r.command.equals("ic map badger")).map(r -> r.command).toList())
                .as("the only changing command cut is the clean").containsExactly(CLEAN);
        assertThat(count(cluster.commandLines("vkt03"), CLEAN) - cleans).isEqualTo(2);
        assertThat(count(cluster.commandLines("vkt03"), "ic flip badger.vkt03.badger-3") - flips).isEqualTo(1);
        assertThat(count(cluster.commandLines("vkt04"), "systemctl restart tarantool@badger-3 badger-3") - restarts)
                .isEqualTo(1);
        assertThat(queryString("SELECT END_ACT_ID_ FROM ACT_HI_PROCINST WHERE ID_ = '" + id + "'"))
                .isEqualTo("EndEvent_Recovered");
        System.out.println("Crash points tried: waiting for a person, before an SSH step, during a long command,"
                + " inside a timer; the run resumed after each kill -9, no completed step ran again, the cut"
                + " changing command stopped in an incident until a person retried it");
    }

    /**
     * Two nodes on one database, a job lock of 3 s, and a clean that takes 6 s: the node running it keeps its lock,
     * so the other node, polling for jobs all the while, never runs the clean a second time.
     */
    @Test
    void aStepLongerThanTheJobLockRunsOnceOnATwoNodeCluster() throws Exception {
        cluster.inject("tarantool-replication-stopped");
        long cleansBefore = count(cluster.commandLines("vkt03"), CLEAN);
        AppProcess nodeA = start("lock-node-a");
        AppProcess nodeB = start("lock-node-b");
        try {
            String id = nodeA.call("POST", "/api/runbooks/" + RUNBOOK + "/runs", """
                    {"cluster": "msg-lab", "variables": {"service": "badger", "instance": "badger-3",
                     "waitAfterClean": "PT1S", "waitAfterFlip": "PT1S", "flipRetryWait": "PT1S"}}""", 201)
                    .get("id").asText();
            JsonNode task = nodeB.await("/engine-rest/task?processInstanceId=" + id, Duration.ofSeconds(60),
                    t -> t.size() == 1).get(0);
            nodeB.call("POST", "/engine-rest/task/" + task.get("id").asText() + "/complete",
                    "{\"variables\": {\"confirmed\": {\"value\": true}}}", 204);
            nodeA.await("/engine-rest/history/process-instance/" + id, Duration.ofSeconds(90),
                    h -> "COMPLETED".equals(h.get("state").asText()));

            assertThat(count(cluster.commandLines("vkt03"), CLEAN) - cleansBefore).as("cleans sent").isEqualTo(1);
            assertThat(journal(id).stream().filter(r -> r.command.equals(CLEAN)).toList()).singleElement()
                    .satisfies(r -> {
                        assertThat(r.exitCode).isZero();
                        assertThat(r.durationMs).isGreaterThanOrEqualTo(6000);
                    });
            assertThat(queryString("SELECT END_ACT_ID_ FROM ACT_HI_PROCINST WHERE ID_ = '" + id + "'"))
                    .isEqualTo("EndEvent_Recovered");
        } finally {
            nodeA.close();
            nodeB.close();
        }
    }

    record Row(String host, String command, Integer exitCode, long durationMs, String error) {
        boolean running() {
            return durationMs < 0;
        }
    }

    private static long count(List<String> lines, String command) {
        return lines.stream().filter(command::equals).count();
    }

    private static void awaitJournal(String id, java.util.function.Predicate<List<Row>> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(journal(id))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("journal of " + id + " never reached the expected state: " + journal(id));
    }

    private static List<Row> journal(String id) throws SQLException {
        try (Connection c = DriverManager.getConnection(databaseUrl, LocalPostgres.USER, "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT HOST, COMMAND, EXIT_CODE, DURATION_MS, ERROR FROM RB_JOURNAL"
                     + " WHERE KIND = 'COMMAND' AND PROC_INST_ID = '" + id + "' ORDER BY ID")) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3), rs.getLong(4),
                        rs.getString(5)));
            }
            return rows;
        }
    }

    private static String queryString(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(databaseUrl, LocalPostgres.USER, "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
