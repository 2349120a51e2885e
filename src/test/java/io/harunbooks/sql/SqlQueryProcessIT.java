package io.harunbooks.sql;

import io.harunbooks.audit.JournalEntry;
import io.harunbooks.inventory.Database;
import io.harunbooks.support.MariaDbPair;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * The sqlQuery step in the engine against a real MariaDB primary/replica pair: the result reaches the gateway through
 * output parameters, every query is journaled as {@value JournalEntry#QUERY}, and the password goes nowhere.
 */
@Deployment(resources = "bpmn-test/sql-replica-check.bpmn")
class SqlQueryProcessIT {

    static final MariaDbPair pair = MariaDbPair.start();
    static final Path secret = secretFile();
    static final int closedPort = closedPort();
    static final ProcessTestEngine pt = new ProcessTestEngine(List.of(
            new Database("replica-db", "vkt04", pair.replicaUrl(), pair.user(), "file:" + secret),
            new Database("dead-db", "vkt04", "jdbc:mariadb://127.0.0.1:" + closedPort + "/", pair.user(),
                    "file:" + secret)));

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void reset() {
        pt.reset();
    }

    @AfterEach
    void heal() {
        pair.heal();
    }

    @AfterAll
    static void stop() {
        pair.close();
    }

    private static Path secretFile() {
        try {
            return Files.writeString(pair.dir().resolve("runbooks.password"), pair.password() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessInstance check(String database) {
        ProcessInstance pi = pt.start("sql-replica-check", Map.of("replicaDatabase", database));
        pt.executeJobs();
        return pi;
    }

    @Test
    void caughtUpReplicaTakesTheYesBranchAndIsJournaledWithoutThePassword() {
        pair.write();
        pair.catchUp();

        ProcessInstance pi = check("replica-db");

        assertThat(pi).hasPassedInOrder("Task_CheckReplica", "Task_CheckOtherNode", "Gateway_CaughtUp",
                "EndEvent_CaughtUp").hasNotPassed("EndEvent_NotCaughtUp").isEnded();
        assertThat(pt.historicVariable(pi, "caughtUp")).isEqualTo(true);
        assertThat(pt.historicVariable(pi, "broken")).isEqualTo(false);
        assertThat(pt.historicVariable(pi, "secondsBehind")).isEqualTo(0L);
        assertThat(pt.historicVariable(pi, "otherChecked")).as("vkt03 has no database: skipped").isEqualTo(false);
        assertThat((String) pt.historicVariable(pi, "replicaSummary")).startsWith("replica of 127.0.0.1: IO RUNNING");

        List<JournalEntry> journal = pt.journal(pi.getId());
        assertThat(journal).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(JournalEntry.QUERY);
            assertThat(e.host()).isEqualTo("vkt04");
            assertThat(e.cluster()).isEqualTo(ProcessTestEngine.CLUSTER);
            assertThat(e.activityId()).isEqualTo("Task_CheckReplica");
            assertThat(e.command()).isEqualTo("replica-status on replica-db: SHOW REPLICA STATUS");
            assertThat(e.stdout()).startsWith("replica of 127.0.0.1: IO RUNNING, SQL RUNNING, 0 s behind");
            assertThat(e.exitCode()).isNull();
            assertThat(e.error()).isNull();
        });
        assertPasswordNowhere(pi);
    }

    @Test
    void replicaStoppedOnADuplicateKeyTakesTheNoBranch() {
        pair.duplicateKeyError();

        ProcessInstance pi = check("vkt04");

        assertThat(pi).hasPassed("EndEvent_NotCaughtUp").hasNotPassed("EndEvent_CaughtUp").isEnded();
        assertThat(pt.historicVariable(pi, "caughtUp")).isEqualTo(false);
        assertThat(pt.historicVariable(pi, "broken")).isEqualTo(true);
        assertThat(pt.historicVariable(pi, "secondsBehind")).isNull();
        assertThat((String) pt.historicVariable(pi, "replicaSummary")).contains("BROKEN", "last error 1062");
        assertPasswordNowhere(pi);
    }

    @Test
    void anUnreachableDatabaseIsRetriedThenAnIncidentNamingDatabaseHostAndCause() {
        ProcessInstance pi = check("dead-db");

        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident.getActivityId()).isEqualTo("Task_CheckReplica");
        assertThat(incident.getIncidentMessage()).contains("dead-db", "host vkt04", "127.0.0.1:" + closedPort)
                .doesNotContain(pair.password());
        List<JournalEntry> journal = pt.journal(pi.getId());
        assertThat(journal).hasSize(3).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(JournalEntry.QUERY);
            assertThat(e.command()).isEqualTo("replica-status on dead-db: SHOW REPLICA STATUS");
            assertThat(e.error()).contains("cannot connect to database dead-db on host vkt04");
        });
        String stacktrace = pt.engine.getManagementService().getJobExceptionStacktrace(
                pt.engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).singleResult().getId());
        assertThat(stacktrace).doesNotContain(pair.password());
        assertPasswordNowhere(pi);
    }

    @Test
    void aDatabaseTheInventoryDoesNotNameIsAnIncidentAtOnce() {
        ProcessInstance pi = check("ghost-db");

        Incident incident = pt.engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident.getIncidentMessage()).contains("database 'ghost-db' is neither a database name nor the "
                + "host of a database in cluster 'msg-lab' (databases: [replica-db, dead-db])");
        assertThat(pt.journal(pi.getId())).isEmpty();
    }

    private void assertPasswordNowhere(ProcessInstance pi) {
        String password = pair.password();
        for (JournalEntry e : pt.journal(pi.getId())) {
            assertThat(e.toString()).as("journal entry").doesNotContain(password);
        }
        for (HistoricVariableInstance v : pt.engine.getHistoryService().createHistoricVariableInstanceQuery()
                .processInstanceId(pi.getId()).list()) {
            assertThat(v.getName() + "=" + v.getValue()).as("variable").doesNotContain(password);
        }
        pt.engine.getHistoryService().createHistoricDetailQuery().processInstanceId(pi.getId()).list()
                .forEach(d -> assertThat(d.toString()).doesNotContain(password));
        pt.engine.getHistoryService().createHistoricIncidentQuery().processInstanceId(pi.getId()).list()
                .forEach(i -> assertThat(String.valueOf(i.getIncidentMessage())).doesNotContain(password));
    }
}
