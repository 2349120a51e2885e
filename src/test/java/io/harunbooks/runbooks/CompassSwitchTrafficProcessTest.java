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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.harunbooks.runbooks.CompassCommands.CHECK_MASTER;
import static io.harunbooks.runbooks.CompassCommands.KEEPALIVED_LOG;
import static io.harunbooks.runbooks.CompassCommands.LSYNCD_LOG;
import static io.harunbooks.runbooks.CompassCommands.PRIMARY;
import static io.harunbooks.runbooks.CompassCommands.RESERVE;
import static io.harunbooks.runbooks.CompassCommands.RESTART;
import static io.harunbooks.runbooks.CompassCommands.SHOW;
import static io.harunbooks.runbooks.CompassCommands.START;
import static io.harunbooks.runbooks.CompassCommands.VIP_A;
import static io.harunbooks.runbooks.CompassCommands.VIP_ADDR;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code compass-switch-traffic} (seed 000, «Переключение трафика между серверами»). */
@Deployment(resources = {"bpmn/compass-switch-traffic.bpmn", "bpmn/compass-replication-check.bpmn",
        "bpmn/escalate-to-support.bpmn", "forms/compass-confirm-switch.form", "forms/escalate-to-support.form"})
class CompassSwitchTrafficProcessTest {

    static final String HELD = "    inet 10.32.88.100/32 scope global eth0\n";

    static final ProcessTestEngine pt = new ProcessTestEngine(
            clock -> CompassSimulation.labSystem(clock, CompassCommands.SETTLE), List.of());

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance start(Map<String, Object> variables) {
        ProcessInstance pi = pt.start("compass-switch-traffic", variables);
        pt.executeJobs();
        return pi;
    }

    private ProcessInstance startAndConfirm(Map<String, Object> variables) {
        ProcessInstance pi = start(variables);
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmSwitch");
        pt.completeAs("alice", pi, Map.of("confirmed", true, "decisionComment", "planned switch"));
        pt.executeJobs();
        return pi;
    }

    private ProcessInstance switchUntilTheWait() {
        ProcessInstance pi = startAndConfirm(Map.of());
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_WaitForSwitch");
        assertThat(pt.waitingTimers()).singleElement().satisfies(d ->
                assertThat(d).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(15)));
        return pi;
    }

    @Test
    void switchesToTheReserveAndStartsReverseReplicationOnTheInactivePrimary() {
        ProcessInstance pi = switchUntilTheWait();
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ApplyDefaults", "Task_VipOnPrimary", "Task_VipOnReserve",
                "CallActivity_CheckReplication", "Task_PlanSwitch", "Task_ConfirmSwitch", "Task_RecheckVipOnPrimary",
                "Task_RecheckReplication", "Task_RestartKeepalived", "Timer_WaitForSwitch",
                "Task_KeepalivedLogOnReserve", "Task_VerifyVipOnReserve", "Task_VerifyVipOnPrimary",
                "Task_CheckMasterOnReserve", "Task_CheckMasterOnPrimary", "Task_RecheckPrimaryNotMaster",
                "Task_RecheckPrimaryVip", "Task_StartReverseReplication", "CallActivity_CheckReverseReplication",
                "EndEvent_Switched").hasNotPassed("CallActivity_EscalateToSupport").isEnded();
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(VIP_A, VIP_A, RESTART, VIP_A, CHECK_MASTER, CHECK_MASTER,
                VIP_ADDR, START, SHOW);
        assertThat(pt.commandsOn(RESERVE)).containsExactly(VIP_A, SHOW, SHOW, KEEPALIVED_LOG, VIP_A, CHECK_MASTER);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
        assertThat(pt.historicVariable(pi, "reverseReplicationOk")).isEqualTo(true);
        assertThat((String) pt.historicVariable(pi, "plannedCommands"))
                .contains("on compass-primary: sudo systemctl restart keepalived");
        CompassSimulation.State lab = (CompassSimulation.State) pt.simulation.state();
        assertThat(lab.vipHolders()).containsExactly(RESERVE);
        CompassSimulation sim = (CompassSimulation) pt.simulation;
        assertThat(sim.node(RESERVE).lsyncdRunning()).isTrue();
        assertThat(sim.node(PRIMARY).lsyncdRunning()).isFalse();
        assertThat(sim.node(PRIMARY).replication()).isEqualTo(CompassSimulation.Replication.RUNNING);
        assertThat(sim.node(RESERVE).refusedStarts()).isZero();
        assertThat(sim.commandLines(RESERVE)).doesNotContain(START);
    }

    @Test
    void laggingReplicationIsWaitedForBeforeTheConfirmation() {
        pt.simulation.inject(CompassSimulation.REPLICATION_LAGGING);
        ProcessInstance pi = start(Map.of());
        BpmnAwareTests.assertThat(pi).isNotWaitingAt("Task_ConfirmSwitch");
        pt.fireTimers();
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmSwitch");
        assertThat(pt.commandsOn(RESERVE)).containsExactly(VIP_A, SHOW, SHOW, SHOW);
        assertThat(pt.commandsOn(PRIMARY)).doesNotContain(RESTART);
    }

    @Test
    void replicationStillBehindEscalatesAndSwitchesNothing() {
        pt.simulation.inject(CompassSimulation.REPLICATION_LAGGING);
        ProcessInstance pi = start(Map.of("replicationMaxPolls", "1"));

        pt.assertEscalatedAndFinish(pi, "has not finished syncing");
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotSynced").hasNotPassed("Task_ConfirmSwitch");
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(VIP_A);
        assertThat(((CompassSimulation.State) pt.simulation.state()).vipHolders()).containsExactly(PRIMARY);
    }

    @Test
    void brokenReplicationEscalatesAndSwitchesNothing() {
        pt.simulation.inject(CompassSimulation.REPLICATION_BROKEN);
        ProcessInstance pi = start(Map.of());

        pt.assertEscalatedAndFinish(pi, "replication is not running or has errors");
        assertThat(pt.commandsOn(PRIMARY)).doesNotContain(RESTART);
        assertThat(pt.commandsOn(RESERVE)).containsExactly(VIP_A, SHOW);
    }

    @Test
    void trafficAlreadyOnTheReserveIsNothingToDo() {
        pt.simulation.inject(CompassSimulation.AFTER_PRIMARY_FAILURE);
        ProcessInstance pi = start(Map.of());

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_AlreadyOnReserve").isEnded();
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("nothing-to-do");
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(VIP_A);
        assertThat(pt.commandsOn(RESERVE)).containsExactly(VIP_A);
    }

    @Test
    void vipOnBothOrNeitherEscalates() {
        pt.simulation.inject(CompassSimulation.VIP_ON_BOTH);
        ProcessInstance both = start(Map.of());
        pt.assertEscalatedAndFinish(both, "is on both servers");

        pt.simulation.inject(CompassSimulation.VIP_ON_NONE);
        ProcessInstance none = start(Map.of());
        pt.assertEscalatedAndFinish(none, "is on neither server");
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(VIP_A, VIP_A);
    }

    @Test
    void aFailingVipCheckEscalates() {
        pt.answer(PRIMARY, VIP_A, 2, "");
        ProcessInstance pi = start(Map.of());

        pt.assertEscalatedAndFinish(pi, "exited 2");
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_VipOnPrimaryFailed");
        assertThat(pt.commandsOn(RESERVE)).isEmpty();
    }

    @Test
    void notConfirmedSwitchesNothing() {
        ProcessInstance pi = start(Map.of());
        pt.completeAs("alice", pi, Map.of("confirmed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").isEnded();
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(VIP_A);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("cancelled");
    }

    @Test
    void replicationBrokenWhileWaitingForTheConfirmationSwitchesNothing() {
        ProcessInstance pi = start(Map.of());
        pt.simulation.inject(CompassSimulation.REPLICATION_BROKEN);
        pt.confirm(pi);

        pt.assertEscalatedAndFinish(pi, "While the switch waited for its confirmation");
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(VIP_A, VIP_A);
        assertThat(pt.commandsOn(RESERVE)).containsExactly(VIP_A, SHOW, SHOW);
    }

    @Test
    void aFailedRestartEscalates() {
        pt.answer(PRIMARY, RESTART, 1, "");
        ProcessInstance pi = startAndConfirm(Map.of());

        pt.assertEscalatedAndFinish(pi, "sudo systemctl restart keepalived on compass-primary failed");
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_RestartKeepalivedFailed", "Task_DescribeRestartFailed")
                .hasNotPassed("Timer_WaitForSwitch");
    }

    @Test
    void vipNotOnTheReserveAfterTheRestartShowsTheLsyncdLogsToSupport() {
        pt.answer(RESERVE, VIP_A, 1, "");
        ProcessInstance pi = switchUntilTheWait();
        pt.fireTimers();

        pt.assertEscalatedAndFinish(pi, "the switch is not right");
        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Gateway_Switched", "Task_LsyncdLogOnReserve",
                "Task_LsyncdLogOnPrimary", "Task_DescribeSwitchFailed").hasNotPassed("Task_StartReverseReplication");
        assertThat(pt.commandsOn(RESERVE)).endsWith(LSYNCD_LOG);
        assertThat(pt.commandsOn(PRIMARY)).endsWith(LSYNCD_LOG).doesNotContain(START);
        String failure = (String) pt.historicVariable(pi, "failure");
        assertThat(failure).contains("lsyncd log on compass-reserve:").contains("Startup");
    }

    @Test
    void errorsInTheKeepalivedLogAreAFailedSwitch() {
        pt.answer(RESERVE, KEEPALIVED_LOG, 0, "2026-11-29 19:47:12 compass-reserve keepalived: VRRP_Instance(VI_1) "
                + "entered FAULT state\n");
        ProcessInstance pi = switchUntilTheWait();
        pt.fireTimers();

        pt.assertEscalatedAndFinish(pi, "errors in the reserve's keepalived-state.log: true");
        assertThat(pt.commandsOn(PRIMARY)).doesNotContain(START);
    }

    @Test
    void aFailingVerificationAlsoShowsTheLsyncdLogs() {
        pt.answer(RESERVE, CHECK_MASTER, 1, "");
        ProcessInstance pi = switchUntilTheWait();
        pt.fireTimers();

        pt.assertEscalatedAndFinish(pi, "Last error");
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_CheckMasterOnReserveFailed", "Task_LsyncdLogOnReserve",
                "Task_LsyncdLogOnPrimary");
    }

    @Test
    void unreadableLsyncdLogsStillEscalate() {
        pt.answer(RESERVE, VIP_A, 1, "");
        pt.answer(RESERVE, LSYNCD_LOG, 1, "");
        pt.answer(PRIMARY, LSYNCD_LOG, 1, "");
        ProcessInstance pi = switchUntilTheWait();
        pt.fireTimers();

        pt.assertEscalatedAndFinish(pi, "(not read)");
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_LsyncdLogOnReserveFailed");
    }

    @Test
    void theActivePrimaryNeverGetsReplicationStarted() {
        pt.answer(PRIMARY, VIP_ADDR, 0, HELD);
        ProcessInstance pi = switchUntilTheWait();
        pt.fireTimers();

        pt.assertEscalatedAndFinish(pi, "Replication is never started on the active server");
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribePrimaryActive").hasNotPassed("Task_StartReverseReplication");
        assertThat(pt.commandsOn(PRIMARY)).doesNotContain(START);
        assertThat(pt.commandsOn(RESERVE)).doesNotContain(START);
    }

    @Test
    void aFailingRecheckBeforeTheStartEscalates() {
        pt.answer(PRIMARY, VIP_ADDR, 2, "");
        ProcessInstance pi = switchUntilTheWait();
        pt.fireTimers();

        pt.assertEscalatedAndFinish(pi, "exited 2");
        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_RecheckPrimaryVipFailed");
        assertThat(pt.commandsOn(PRIMARY)).doesNotContain(START);
    }

    @Test
    void aFailedStartOfReverseReplicationEscalates() {
        pt.answer(PRIMARY, START, 1, "Не удалось запустить репликацию\n");
        ProcessInstance pi = switchUntilTheWait();
        pt.fireTimers();

        pt.assertEscalatedAndFinish(pi, "compass-replication-diagnostics");
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeStartFailed");
    }

    @Test
    void reverseReplicationNotSyncedEscalates() {
        pt.answer(PRIMARY, SHOW, 0, "Статус репликации для типа monolith:\nРепликация запущена, но отстаёт на 30 seconds\n");
        Map<String, Object> vars = new HashMap<>(Map.of("replicationMaxPolls", "1"));
        ProcessInstance pi = startAndConfirm(vars);
        pt.fireTimers();

        pt.assertEscalatedAndFinish(pi, "but it is not synced");
        BpmnAwareTests.assertThat(pi).hasPassed("Task_StartReverseReplication", "Task_DescribeReverseNotSynced");
        assertThat(((CompassSimulation.State) pt.simulation.state()).vipHolders()).containsExactly(RESERVE);
    }
}
