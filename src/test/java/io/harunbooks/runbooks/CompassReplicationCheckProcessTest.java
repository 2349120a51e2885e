package io.harunbooks.runbooks;

import io.harunbooks.lab.compass.CompassSimulation;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.harunbooks.runbooks.CompassCommands.PRIMARY;
import static io.harunbooks.runbooks.CompassCommands.RESERVE;
import static io.harunbooks.runbooks.CompassCommands.SHOW;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of the shared check {@code compass-replication-check} (seed 000, Seconds_Behind_Master = 0). */
@Deployment(resources = "bpmn/compass-replication-check.bpmn")
class CompassReplicationCheckProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(
            clock -> CompassSimulation.labSystem(clock, CompassCommands.SETTLE), List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance check(Map<String, Object> variables) {
        ProcessInstance pi = pt.start("compass-replication-check", variables);
        pt.executeJobs();
        return pi;
    }

    @Test
    void syncedAtTheFirstCheck() {
        ProcessInstance pi = check(Map.of("replicaHost", RESERVE));

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ApplyDefaults", "Task_CountPoll",
                "Task_ShowReplicationStatus", "Task_SqlReplicaStatus", "Task_Classify", "EndEvent_Synced").isEnded();
        assertThat(pt.commandsOn(RESERVE)).containsExactly(SHOW);
        assertThat(pt.commandsOn(PRIMARY)).isEmpty();
        assertThat(pt.historicVariable(pi, "replicationOk")).isEqualTo(true);
        assertThat(pt.historicVariable(pi, "secondsBehind")).isEqualTo(0L);
        assertThat(pt.historicVariable(pi, "sqlChecked")).isEqualTo(false);
        assertThat(pt.historicVariable(pi, "replicationPolls")).isEqualTo(1);
        assertThat((String) pt.historicVariable(pi, "replicationSummary")).contains("SYNCED").contains("not checked");
    }

    @Test
    void behindWaitsThePollIntervalAndChecksAgainUntilSynced() {
        pt.simulation.inject(CompassSimulation.REPLICATION_LAGGING);
        ProcessInstance pi = check(Map.of("replicaHost", RESERVE));

        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_PollInterval");
        assertThat(pt.waitingTimers()).singleElement().satisfies(d ->
                assertThat(d).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30)));
        pt.fireTimers();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_PollInterval");
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Synced").isEnded();
        assertThat(pt.commandsOn(RESERVE)).containsExactly(SHOW, SHOW, SHOW);
        assertThat(pt.historicVariable(pi, "replicationPolls")).isEqualTo(3);
    }

    @Test
    void stillBehindAfterTheLastCheck() {
        pt.simulation.inject(CompassSimulation.REPLICATION_LAGGING);
        ProcessInstance pi = check(Map.of("replicaHost", RESERVE, "replicationMaxPolls", "2",
                "replicationPollInterval", "PT5S"));
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassed("Gateway_MorePolls", "EndEvent_StillBehind")
                .hasNotPassed("EndEvent_Synced").isEnded();
        assertThat(pt.commandsOn(RESERVE)).containsExactly(SHOW, SHOW);
        assertThat(pt.historicVariable(pi, "replicationOk")).isEqualTo(false);
        assertThat(pt.historicVariable(pi, "replicationLagging")).isEqualTo(true);
        assertThat((Long) pt.historicVariable(pi, "secondsBehind")).isPositive();
    }

    @Test
    void brokenReplicationEndsAtOnce() {
        pt.simulation.inject(CompassSimulation.REPLICATION_BROKEN);
        ProcessInstance pi = check(Map.of("replicaHost", RESERVE));

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Broken").hasNotPassed("Timer_PollInterval").isEnded();
        assertThat(pt.commandsOn(RESERVE)).containsExactly(SHOW);
        assertThat(pt.historicVariable(pi, "replicationBroken")).isEqualTo(true);
        assertThat((String) pt.historicVariable(pi, "replicationSummary")).contains("NOT_RUNNING");
    }

    @Test
    void theActiveServerIsNoReplica() {
        ProcessInstance pi = check(Map.of("replicaHost", PRIMARY));

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Broken").isEnded();
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(SHOW);
    }

    @Test
    void aFailingStatusScriptIsNotSynced() {
        pt.answer(RESERVE, SHOW, 1, "Не удалось найти контейнер pivot mysql.\n");
        ProcessInstance pi = check(Map.of("replicaHost", RESERVE));

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_ShowReplicationStatusFailed",
                "Task_DescribeCheckFailed", "EndEvent_CheckFailed").isEnded();
        assertThat(pt.historicVariable(pi, "replicationOk")).isEqualTo(false);
        assertThat((String) pt.historicVariable(pi, "replicationSummary")).contains("failed").contains("exited 1");
    }
}
