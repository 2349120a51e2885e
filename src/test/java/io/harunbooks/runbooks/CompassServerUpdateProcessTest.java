package io.harunbooks.runbooks;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.compass.CompassSimulation;
import io.harunbooks.support.Fixtures;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.harunbooks.lab.compass.CompassSimulation.CHECK_MASTER;
import static io.harunbooks.lab.compass.CompassSimulation.GIT_PULL;
import static io.harunbooks.lab.compass.CompassSimulation.RELEASED_VERSION;
import static io.harunbooks.lab.compass.CompassSimulation.RESET_REPLICATION;
import static io.harunbooks.lab.compass.CompassSimulation.SHOW_REPLICATION;
import static io.harunbooks.lab.compass.CompassSimulation.START_REPLICATION;
import static io.harunbooks.lab.compass.CompassSimulation.STATUS_KEEPALIVED;
import static io.harunbooks.lab.compass.CompassSimulation.UPDATE;
import static io.harunbooks.runbooks.CompassTestLab.PRIMARY;
import static io.harunbooks.runbooks.CompassTestLab.RESERVE;
import static io.harunbooks.runbooks.CompassTestLab.installer;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code compass-server-update} (seed 000, «Процесс обновления серверной части приложения»). */
@Deployment(resources = {"bpmn/compass-server-update.bpmn", "bpmn/compass-replication-check.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/compass-confirm-update.form", "forms/compass-fix-keepalived.form", "forms/escalate-to-support.form"})
class CompassServerUpdateProcessTest {

    static final String GIT = installer(GIT_PULL);
    static final String MASTER = installer(CHECK_MASTER);
    static final String UPD = installer(UPDATE);
    static final String SHOW = installer(SHOW_REPLICATION);
    static final String RESET = installer(RESET_REPLICATION);
    static final String START = installer(START_REPLICATION);
    static final String KEEPALIVED = STATUS_KEEPALIVED;
    static final LabAnswer BROKEN = LabAnswer.ok(Fixtures.fixture("compass/replication-status/lab-broken.txt"));
    static final LabAnswer FAILED = new LabAnswer(1, "", "Traceback (most recent call last):\nOSError: boom\n");
    static final String KEEPALIVED_DEAD = "○ keepalived.service - Keepalive Daemon (LVS and VRRP)\n"
            + "     Loaded: loaded (/lib/systemd/system/keepalived.service; enabled; vendor preset: enabled)\n"
            + "     Active: inactive (dead)\n";

    static final CompassTestLab lab = CompassTestLab.create();
    static final ProcessTestEngine pt = lab.pt;

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
        // the engine's time stands still with the lab's: a timer of the lag's seconds lets exactly that much pass
        ClockUtil.setCurrentTime(Date.from(pt.clock.instant()));
    }

    /** Lets the waits pass until the run waits for no timer any more (the lab's lag shrinks with them). */
    private static void settle() {
        for (int i = 0; i < 20 && !pt.waitingTimers().isEmpty(); i++) {
            pt.fireTimers();
        }
    }

    /** Starts the run and confirms the update when it asks (it does once it knows which server is active). */
    private static ProcessInstance start(Map<String, Object> variables) {
        ProcessInstance pi = pt.start("compass-server-update", variables);
        pt.executeJobs();
        if (pt.task(pi) != null && pt.task(pi).getTaskDefinitionKey().equals("Task_ConfirmUpdate")) {
            pt.confirm(pi);
        }
        return pi;
    }

    @Test
    void installersPulledActiveUpdatedFirstThenTheReserveOnceReplicationCaughtUpAndKeepalivedRuns() {
        ProcessInstance pi = start(Map.of());

        // update.py on the active server: the reserve is 60 s behind, checked every 30 s by the shared check
        BpmnAwareTests.assertThat(pi).isWaitingAt("CallActivity_CheckReplicationBefore");
        assertThat(pt.waitingTimers()).singleElement().isEqualTo(Duration.ofSeconds(30));
        assertThat(lab.compass.node(RESERVE).updates()).isZero();

        settle();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ApplyDefaults", "Task_FindPrimary", "Task_FindReserve",
                "Task_GitPullPrimary", "Task_GitPullReserve", "Task_CheckMasterPrimary", "Task_CheckMasterReserve",
                "Task_ChooseActive", "Gateway_OneActive", "Task_PlanUpdate", "Task_ConfirmUpdate", "Gateway_UpdateConfirmed",
                "Task_UpdateActive", "CallActivity_CheckReplicationBefore",
                "Gateway_ReplicationBefore", "Task_KeepalivedStatus", "Gateway_KeepalivedRunning", "Task_UpdateInactive",
                "CallActivity_CheckReplicationAfter", "Gateway_ReplicationAfter", "EndEvent_ServerUpdated").isEnded();
        BpmnAwareTests.assertThat(pi).hasNotPassed("Task_FixKeepalived", "Task_ResetReplication");
        assertThat(lab.sequence()).containsExactly(
                PRIMARY + ": " + GIT,
                RESERVE + ": " + GIT,
                PRIMARY + ": " + MASTER,
                RESERVE + ": " + MASTER,
                PRIMARY + ": " + UPD,
                RESERVE + ": " + SHOW,
                RESERVE + ": " + SHOW,
                RESERVE + ": " + SHOW,
                RESERVE + ": " + KEEPALIVED,
                RESERVE + ": " + UPD,
                RESERVE + ": " + SHOW);
        assertThat(pt.historicVariable(pi, "activeHost")).isEqualTo(PRIMARY);
        assertThat(pt.historicVariable(pi, "inactiveHost")).isEqualTo(RESERVE);
        assertThat(pt.historicVariable(pi, "replicationPollsBefore")).isEqualTo(3);
        assertThat(pt.historicVariable(pi, "secondsBehindBefore")).isEqualTo(0L);
        assertThat(pt.historicVariable(pi, "replicationPollsAfter")).isEqualTo(1);
        for (String host : new String[]{PRIMARY, RESERVE}) {
            CompassSimulation.NodeState node = lab.compass.node(host);
            assertThat(node.installerVersion()).isEqualTo(RELEASED_VERSION);
            assertThat(node.deployedVersion()).isEqualTo(RELEASED_VERSION);
            assertThat(node.updates()).isEqualTo(1);
        }
        assertThat(lab.compass.node(RESERVE).replication()).isEqualTo(CompassSimulation.Replication.RUNNING);
        assertThat(lab.compass.state().active()).isEqualTo(PRIMARY);
    }

    @Test
    void theUpdateWaitsForAConfirmationWithTheSeedsWarningAndCanBeCancelledAfterTheGitPull() {
        ProcessInstance pi = pt.start("compass-server-update", Map.of());
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmUpdate");
        assertThat(lab.sequence()).containsExactly(PRIMARY + ": " + GIT, RESERVE + ": " + GIT,
                PRIMARY + ": " + MASTER, RESERVE + ": " + MASTER);
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "plannedCommands").toString())
                .startsWith("1. on the active server compass-primary: cd /opt/compass-installer && sudo python3 script/update.py");
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "gitPullReserveOutput").toString())
                .contains("Fast-forward");

        pt.completeAs("alice", pi, Map.of("confirmed", false, "decisionComment", "release needs a migration first"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").hasNotPassed("Task_UpdateActive").isEnded();
        assertThat(lab.compass.node(PRIMARY).updates()).isZero();
        assertThat(lab.compass.node(PRIMARY).installerVersion()).isEqualTo(RELEASED_VERSION);
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("cancelled");
    }

    @Test
    void whenTheReserveIsActiveItIsUpdatedFirstAndThePrimaryIsTheOneChecked() {
        lab.switchToReserve();

        ProcessInstance pi = start(Map.of());
        settle();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_ServerUpdated").isEnded();
        assertThat(lab.sequence()).containsExactly(
                PRIMARY + ": " + GIT,
                RESERVE + ": " + GIT,
                PRIMARY + ": " + MASTER,
                RESERVE + ": " + MASTER,
                RESERVE + ": " + UPD,
                PRIMARY + ": " + SHOW,
                PRIMARY + ": " + SHOW,
                PRIMARY + ": " + SHOW,
                PRIMARY + ": " + KEEPALIVED,
                PRIMARY + ": " + UPD,
                PRIMARY + ": " + SHOW);
        assertThat(pt.historicVariable(pi, "activeHost")).isEqualTo(RESERVE);
        assertThat(lab.compass.state().active()).isEqualTo(RESERVE);
    }

    @Test
    void replicationErrorsBeforeTheReserveUpdateEscalateWithoutUpdatingIt() {
        pt.simulation.inject(CompassSimulation.REPLICATION_BROKEN);

        ProcessInstance pi = start(Map.of());

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotSynced").hasNotPassed("Task_KeepalivedStatus");
        assertThat(lab.sequence()).endsWith(PRIMARY + ": " + UPD, RESERVE + ": " + SHOW);
        assertThat(lab.compass.node(PRIMARY).updates()).isEqualTo(1);
        assertThat(lab.compass.node(RESERVE).updates()).isZero();
        pt.assertEscalatedAndFinish(pi, "Replication on the reserve compass-reserve shows errors or is not running after "
                + "the active server compass-primary was updated; the reserve was not updated");
    }

    @Test
    void aLagThatDoesNotShrinkIsCheckedAtMostReplicationMaxPollsTimesThenEscalates() {
        pt.answer(RESERVE, SHOW, 0, Fixtures.fixture("compass/replication-status/lab-lagging.txt"));

        ProcessInstance pi = start(Map.of("replicationMaxPolls", "2", "replicationPollInterval", "PT45S"));
        assertThat(pt.waitingTimers()).singleElement().isEqualTo(Duration.ofSeconds(45));
        pt.fireTimers();

        assertThat(pt.waitingTimers()).isEmpty();
        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotSynced").hasNotPassed("Task_KeepalivedStatus");
        assertThat(pt.commandsOn(RESERVE)).containsExactly(GIT, MASTER, SHOW, SHOW);
        assertThat(lab.compass.node(RESERVE).updates()).isZero();
        pt.assertEscalatedAndFinish(pi, "is still 45 s behind after 2 checks");
    }

    @Test
    void aFailingStatusScriptBeforeTheReserveUpdateCountsAsErrors() {
        lab.scripted.then(RESERVE, SHOW, FAILED);

        ProcessInstance pi = start(Map.of());

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotSynced").hasNotPassed("Task_KeepalivedStatus");
        assertThat(lab.compass.node(RESERVE).updates()).isZero();
        pt.assertEscalatedAndFinish(pi, "show_slave_replication_status.py failed");
    }

    @Test
    void keepalivedNotRunningWaitsForAPersonToFixItThenTheUpdateContinues() {
        pt.simulation.inject(CompassSimulation.KEEPALIVED_STOPPED_ON_RESERVE);
        ProcessInstance pi = start(Map.of());
        settle();

        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_FixKeepalived");
        assertThat(pt.engine.getRuntimeService().getVariable(pi.getId(), "keepalivedOutput").toString())
                .contains("Active: inactive (dead)");
        assertThat(lab.compass.node(RESERVE).updates()).isZero();

        lab.compass.execute(RESERVE, CompassSimulation.RESTART_KEEPALIVED, () -> ""); // the person's fix
        pt.completeAs("bob", pi, Map.of("keepalivedFixed", true, "decisionComment", "started keepalived"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_KeepalivedStatus", "Task_FixKeepalived",
                "Task_RecheckKeepalived", "Gateway_KeepalivedFixed", "Task_UpdateInactive", "EndEvent_ServerUpdated")
                .isEnded();
        assertThat(pt.commandsOn(RESERVE)).containsSubsequence(KEEPALIVED, KEEPALIVED, UPD, SHOW);
        assertThat(lab.compass.node(RESERVE).updates()).isEqualTo(1);
    }

    @Test
    void keepalivedStillNotRunningAfterTheFixEscalatesWithoutUpdatingTheReserve() {
        pt.simulation.inject(CompassSimulation.KEEPALIVED_STOPPED_ON_RESERVE);
        ProcessInstance pi = start(Map.of());
        settle();

        pt.completeAs("bob", pi, Map.of("keepalivedFixed", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_RecheckKeepalived", "Task_DescribeKeepalived")
                .hasNotPassed("Task_UpdateInactive");
        assertThat(lab.compass.node(RESERVE).updates()).isZero();
        pt.assertEscalatedAndFinish(pi, "keepalived on the reserve compass-reserve is not active (running)");
    }

    @Test
    void replicationErrorsAfterTheUpdateAreResetAndStartedAgain() {
        pt.simulation.inject(CompassSimulation.REPLICATION_BREAKS_ON_UPDATE);

        ProcessInstance pi = start(Map.of());
        settle();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_UpdateInactive", "CallActivity_CheckReplicationAfter",
                "Gateway_ReplicationAfter", "Task_ResetReplication", "Task_StartReplication",
                "CallActivity_CheckReplicationRestarted", "Gateway_ReplicationRestarted", "EndEvent_ServerUpdated").isEnded();
        assertThat(pt.commandsOn(RESERVE)).endsWith(UPD, SHOW, RESET, START, SHOW);
        assertThat(pt.commandsOn(PRIMARY)).doesNotContain(RESET, START);
        assertThat(lab.compass.node(RESERVE).replication()).isEqualTo(CompassSimulation.Replication.RUNNING);
        assertThat(pt.historicVariable(pi, "replicationBrokenAfter")).isEqualTo(true);
        assertThat(pt.historicVariable(pi, "replicationBrokenRestarted")).isEqualTo(false);
        assertThat(lab.compass.node(RESERVE).replicationError()).isEmpty();
    }

    @Test
    void replicationStillBrokenAfterResetAndStartEscalates() {
        lab.scripted.then(RESERVE, SHOW, null, null, null, BROKEN, BROKEN);

        ProcessInstance pi = start(Map.of());
        settle();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_ResetReplication", "Task_StartReplication",
                "Task_DescribeReplicationBroken").hasNotPassed("EndEvent_ServerUpdated");
        assertThat(pt.commandsOn(RESERVE)).endsWith(UPD, SHOW, RESET, START, SHOW);
        pt.assertEscalatedAndFinish(pi, "still shows errors after reset_slave_replication.py and start_slave_replication.py");
    }

    @Test
    void notExactlyOneMasterEscalatesBeforeAnyUpdate() {
        pt.simulation.inject(CompassSimulation.VIP_ON_BOTH);

        ProcessInstance pi = start(Map.of());

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNoSingleActive").hasNotPassed("Task_UpdateActive");
        assertThat(lab.sequence()).containsExactly(PRIMARY + ": " + GIT, RESERVE + ": " + GIT,
                PRIMARY + ": " + MASTER, RESERVE + ": " + MASTER);
        assertThat(lab.compass.node(PRIMARY).updates()).isZero();
        assertThat(lab.compass.node(RESERVE).updates()).isZero();
        pt.assertEscalatedAndFinish(pi, "does not name exactly one master");
    }

    static Stream<Arguments> failingSteps() {
        return Stream.of(
                failing("BoundaryEvent_GitPullPrimaryFailed", l -> l.pt.answer(PRIMARY, GIT, 1, "")),
                failing("BoundaryEvent_GitPullReserveFailed", l -> l.pt.answer(RESERVE, GIT, 1, "")),
                failing("BoundaryEvent_CheckMasterPrimaryFailed", l -> l.pt.answer(PRIMARY, MASTER, 1, "")),
                failing("BoundaryEvent_CheckMasterReserveFailed", l -> l.pt.answer(RESERVE, MASTER, 1, "")),
                failing("BoundaryEvent_UpdateActiveFailed", l -> l.pt.answer(PRIMARY, UPD, 1, "")),
                failing("BoundaryEvent_KeepalivedStatusFailed", l -> l.pt.answer(RESERVE, KEEPALIVED, 1, "")),
                failing("BoundaryEvent_RecheckKeepalivedFailed", l -> l.scripted.then(RESERVE, KEEPALIVED,
                        new LabAnswer(3, KEEPALIVED_DEAD, ""), FAILED)),
                failing("BoundaryEvent_UpdateInactiveFailed", l -> l.pt.answer(RESERVE, UPD, 1, "")),
                failing("BoundaryEvent_ResetReplicationFailed", l -> {
                    l.scripted.then(RESERVE, SHOW, null, null, null, BROKEN);
                    l.pt.answer(RESERVE, RESET, 1, "");
                }),
                failing("BoundaryEvent_StartReplicationFailed", l -> {
                    l.scripted.then(RESERVE, SHOW, null, null, null, BROKEN);
                    l.pt.answer(RESERVE, START, 1, "");
                }));
    }

    private static Arguments failing(String boundary, Consumer<CompassTestLab> setUp) {
        return Arguments.of(boundary, setUp);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingSteps")
    void everyFailingStepEscalatesWithTheCommandItRan(String boundary, Consumer<CompassTestLab> setUp) {
        setUp.accept(lab);
        ProcessInstance pi = start(Map.of());
        for (int i = 0; i < 5; i++) {
            boolean escalated = pt.engine.getRuntimeService().createProcessInstanceQuery()
                    .superProcessInstanceId(pi.getId()).processDefinitionKey("escalate-to-support").count() > 0;
            if (escalated) {
                break;
            }
            if (!pt.waitingTimers().isEmpty()) {
                pt.fireTimers();
            } else if (pt.task(pi) != null) {
                Map<String, Object> fixed = new HashMap<>(Map.of("keepalivedFixed", true, "confirmed", true));
                pt.completeAs("bob", pi, fixed);
                pt.executeJobs();
            }
        }

        BpmnAwareTests.assertThat(pi).hasPassed(boundary).hasNotPassed("EndEvent_ServerUpdated");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }
}
