package io.harunbooks.runbooks;

import io.harunbooks.audit.JournalEntry;
import io.harunbooks.inventory.Database;
import io.harunbooks.lab.compass.CompassSimulation;
import io.harunbooks.support.MariaDbPair;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.harunbooks.runbooks.CompassCommands.PRIMARY;
import static io.harunbooks.runbooks.CompassCommands.RESERVE;
import static io.harunbooks.runbooks.CompassCommands.RESTART;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compass-switch-traffic} with a real MariaDB primary/replica pair as the database of compass-reserve: the
 * shared replication check reads SHOW REPLICA STATUS beside the installer's script (which the lab answers as synced),
 * so a replica that the real server reports broken or lagging refuses the switch (support; keepalived is not
 * restarted), and the same runbook proceeds once the replica is healed and caught up.
 */
@Deployment(resources = {"bpmn/compass-switch-traffic.bpmn", "bpmn/compass-replication-check.bpmn",
        "bpmn/escalate-to-support.bpmn", "forms/compass-confirm-switch.form", "forms/escalate-to-support.form"})
class CompassSwitchTrafficMariaDbIT {

    static final MariaDbPair pair = MariaDbPair.start();
    static final Path secret = secretFile();
    static final ProcessTestEngine pt = new ProcessTestEngine(
            clock -> CompassSimulation.labSystem(clock, CompassCommands.SETTLE),
            List.of(new Database("compass-reserve-db", RESERVE, pair.replicaUrl(), pair.user(), "file:" + secret)));

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

    private ProcessInstance start() {
        ProcessInstance pi = pt.start("compass-switch-traffic", Map.of("replicationMaxPolls", "2",
                "replicationPollInterval", "PT1S", "vipSwitchWait", "PT1S"));
        pt.executeJobs();
        return pi;
    }

    private List<String> queries(ProcessInstance pi) {
        return pt.journal(pi.getId()).stream().filter(e -> e.kind().equals(JournalEntry.QUERY))
                .map(JournalEntry::stdout).toList();
    }

    private void switchesOnceHealthy() {
        ProcessInstance pi = start();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmSwitch");
        assertThat((String) pt.historicVariable(pi, "replicationEvidence")).contains("SQL: replica of 127.0.0.1: IO RUNNING, SQL RUNNING, 0 s behind");
        pt.confirm(pi);
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_RestartKeepalived", "EndEvent_Switched").isEnded();
        assertThat(pt.commandsOn(PRIMARY)).contains(RESTART);
        assertThat(((CompassSimulation.State) pt.simulation.state()).vipHolders()).containsExactly(RESERVE);
    }

    @Test
    void aBrokenReplicaRefusesTheSwitchUntilItIsHealed() {
        pair.duplicateKeyError();

        ProcessInstance pi = start();

        pt.assertEscalatedAndFinish(pi, "replication is not running or has errors");
        assertThat(pt.commandsOn(PRIMARY)).doesNotContain(RESTART);
        assertThat(queries(pi)).singleElement().asString().contains("BROKEN", "last error 1062");
        assertThat(((CompassSimulation.State) pt.simulation.state()).vipHolders()).containsExactly(PRIMARY);

        pair.heal();
        pair.catchUp();
        pt.reset();
        switchesOnceHealthy();
    }

    @Test
    void aLaggingReplicaRefusesTheSwitchAfterTheLastCheckUntilItCaughtUp() {
        pair.lagWithStoppedSqlThread();

        ProcessInstance pi = start();
        BpmnAwareTests.assertThat(pi).isNotWaitingAt("Task_ConfirmSwitch");
        pt.fireTimers();

        pt.assertEscalatedAndFinish(pi, "still behind after the last check");
        assertThat(pt.commandsOn(PRIMARY)).doesNotContain(RESTART);
        assertThat(queries(pi)).hasSize(2).allSatisfy(q -> assertThat(q).contains("SQL STOPPED"));

        pair.heal();
        pair.catchUp();
        pt.reset();
        switchesOnceHealthy();
    }
}
