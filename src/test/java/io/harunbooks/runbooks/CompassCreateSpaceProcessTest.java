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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.harunbooks.lab.compass.CompassSimulation.CHECK_MASTER;
import static io.harunbooks.lab.compass.CompassSimulation.REPAIR_TEAM;
import static io.harunbooks.lab.compass.CompassSimulation.RESTORE_DB;
import static io.harunbooks.lab.compass.CompassSimulation.SHOW_REPLICATION;
import static io.harunbooks.lab.compass.CompassSimulation.START_TEAM_REPLICATION;
import static io.harunbooks.runbooks.CompassTestLab.PRIMARY;
import static io.harunbooks.runbooks.CompassTestLab.RESERVE;
import static io.harunbooks.runbooks.CompassTestLab.installer;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code compass-create-space} (seed 000, «Создание нового пространства»). */
@Deployment(resources = {"bpmn/compass-create-space.bpmn", "bpmn/compass-replication-check.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/escalate-to-support.form"})
class CompassCreateSpaceProcessTest {

    static final String MASTER = installer(CHECK_MASTER);
    static final String SHOW = installer(SHOW_REPLICATION);
    static final String MKDIR = "sudo mkdir -p /home/deploy/backups/";
    static final String CREATE_ON_PRIMARY = installer(
            "sudo python3 script/create_team.py -dst deploy@127.0.10.12:/home/deploy/backups/");
    static final String MOVE = "sudo mv /home/deploy/backups/* /home/compass/backups/";
    static final String RESTORE = installer(RESTORE_DB);
    static final String REPAIR = installer(REPAIR_TEAM);
    static final String START_TEAM = installer(START_TEAM_REPLICATION);

    static final CompassTestLab lab = CompassTestLab.create();
    static final ProcessTestEngine pt = lab.pt;

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private static ProcessInstance start() {
        ProcessInstance pi = pt.start("compass-create-space", Map.of("remoteServerUser", "deploy"));
        pt.executeJobs();
        return pi;
    }

    private static String stdinOf(String host, String command) {
        synchronized (pt.commands) {
            for (int i = 0; i < pt.commands.size(); i++) {
                if (pt.commands.get(i).host().equals(host) && pt.commands.get(i).command().equals(command)) {
                    return pt.stdins.get(i);
                }
            }
        }
        throw new AssertionError(command + " did not run on " + host);
    }

    @Test
    void theSpaceIsCreatedOnTheActiveServerAndRestoredRepairedAndReplicatedOnTheInactiveOne() {
        ProcessInstance pi = start();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_ApplyDefaults", "Task_FindPrimary", "Task_FindReserve",
                "Task_CheckMasterPrimary", "Task_CheckMasterReserve", "Task_ChooseActive", "Gateway_OneActive",
                "CallActivity_CheckReplication", "Gateway_ReplicationOn", "Task_MakeBackupDir", "Task_CreateTeam",
                "Task_MoveBackups", "Task_RestoreDb", "Task_RepairTeam", "Task_StartTeamReplication",
                "EndEvent_SpaceCreated").isEnded();
        assertThat(lab.sequence()).containsExactly(
                PRIMARY + ": " + MASTER,
                RESERVE + ": " + MASTER,
                RESERVE + ": " + SHOW,
                RESERVE + ": " + MKDIR,
                PRIMARY + ": " + CREATE_ON_PRIMARY,
                RESERVE + ": " + MOVE,
                RESERVE + ": " + RESTORE,
                RESERVE + ": " + REPAIR,
                RESERVE + ": " + START_TEAM);
        assertThat(stdinOf(RESERVE, RESTORE)).isEqualTo("reserve_company_2\n");
        assertThat(stdinOf(RESERVE, REPAIR)).isEqualTo("2\n");
        assertThat(stdinOf(RESERVE, START_TEAM)).isEqualTo("2\n");
        assertThat(stdinOf(PRIMARY, CREATE_ON_PRIMARY)).isEmpty();
        assertThat(pt.historicVariable(pi, "newSpaceId")).isEqualTo(2L);
        assertThat(pt.historicVariable(pi, "newSpaceBackup")).isEqualTo("reserve_company_2");
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");

        CompassSimulation.NodeState reserve = lab.compass.node(RESERVE);
        assertThat(reserve.spaces()).contains(new CompassSimulation.SpaceState(2, true, true));
        assertThat(reserve.backups()).contains("reserve_company_2");
        assertThat(reserve.backupDirs()).containsEntry("/home/deploy/backups/", List.of());
        assertThat(lab.compass.node(PRIMARY).spaces()).extracting(CompassSimulation.SpaceState::id).contains(2L);
    }

    @Test
    void whenTheReserveIsActiveTheSpaceIsCreatedThereAndSetUpOnThePrimary() {
        lab.switchToReserve();

        ProcessInstance pi = start();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_SpaceCreated").isEnded();
        assertThat(pt.commandsOn(RESERVE)).containsExactly(MASTER, installer(
                "sudo python3 script/create_team.py -dst deploy@127.0.10.11:/home/deploy/backups/"));
        assertThat(pt.commandsOn(PRIMARY)).containsExactly(MASTER, SHOW, MKDIR, MOVE, RESTORE, REPAIR, START_TEAM);
        assertThat(lab.compass.node(PRIMARY).spaces()).contains(new CompassSimulation.SpaceState(2, true, true));
    }

    @Test
    void notExactlyOneMasterEscalatesWithoutChangingAnything() {
        pt.simulation.inject(CompassSimulation.VIP_ON_BOTH);

        ProcessInstance pi = start();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNoSingleActive").hasNotPassed("CallActivity_CheckReplication");
        assertThat(lab.sequence()).containsExactly(PRIMARY + ": " + MASTER, RESERVE + ": " + MASTER);
        pt.assertEscalatedAndFinish(pi, "it is not known where to create the space; nothing was changed");
    }

    @Test
    void replicationNotRunningOnTheInactiveServerEscalatesBeforeCreating() {
        pt.simulation.inject(CompassSimulation.REPLICATION_BROKEN);

        ProcessInstance pi = start();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeReplicationOff").hasNotPassed("Task_MakeBackupDir");
        assertThat(lab.sequence()).containsExactly(PRIMARY + ": " + MASTER, RESERVE + ": " + MASTER,
                RESERVE + ": " + SHOW);
        assertThat(lab.compass.node(PRIMARY).spaces()).hasSize(1);
        pt.assertEscalatedAndFinish(pi, "is not working without errors; the space was not created");
    }

    @Test
    void aFailingReplicationStatusScriptCountsAsReplicationNotWorking() {
        pt.answer(RESERVE, SHOW, 1, "Не найдено ни одной команды на сервере. Окружение поднято?\n");

        ProcessInstance pi = start();

        BpmnAwareTests.assertThat(pi).hasPassed("CallActivity_CheckReplication", "Task_DescribeReplicationOff")
                .hasNotPassed("Task_MakeBackupDir");
        pt.assertEscalatedAndFinish(pi, "show_slave_replication_status.py failed");
    }

    @Test
    void createTeamFailingEscalatesAndNothingRunsOnTheInactiveServerAfterIt() {
        pt.answer(PRIMARY, CREATE_ON_PRIMARY, 1, "Создаём пространство...\n");

        ProcessInstance pi = start();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_CreateTeamFailed", "Task_DescribeCreateTeamFailed")
                .hasNotPassed("Task_MoveBackups");
        assertThat(pt.commandsOn(RESERVE)).containsExactly(MASTER, SHOW, MKDIR);
        pt.assertEscalatedAndFinish(pi, "check whether a space was created before running it again");
    }

    @Test
    void createTeamWithoutAnIdInItsOutputEscalatesLikeAFailure() {
        pt.answer(PRIMARY, CREATE_ON_PRIMARY, 0, "Создаём пространство...\nГотово\n");

        ProcessInstance pi = start();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeCreateTeamFailed").hasNotPassed("Task_MoveBackups");
        assertThat(pt.commandsOn(RESERVE)).containsExactly(MASTER, SHOW, MKDIR);
        pt.assertEscalatedAndFinish(pi, "printed something else than expected");
    }

    @ParameterizedTest(name = "{0} fails")
    @CsvSource({
            "sudo mv /home/deploy/backups/* /home/compass/backups/, BoundaryEvent_MoveBackupsFailed",
            "cd /opt/compass-installer && sudo python3 script/restore_db.py --force-update-company-db 0;, BoundaryEvent_RestoreDbFailed",
            "cd /opt/compass-installer && sudo python3 script/replication/repair_team.py, BoundaryEvent_RepairTeamFailed",
            "cd /opt/compass-installer && sudo python3 script/replication/start_slave_replication.py -t team, BoundaryEvent_StartTeamReplicationFailed"})
    void aFailureAfterTheSpaceWasCreatedEscalatesNamingTheSpace(String command, String boundary) {
        pt.answer(RESERVE, command, 1, "Выбран некорректный вариант\n");

        ProcessInstance pi = start();

        BpmnAwareTests.assertThat(pi).hasPassed(boundary, "Gateway_MergeAfterCreate", "Task_DescribeAfterCreate")
                .hasNotPassed("EndEvent_SpaceCreated");
        assertThat(pt.commandsOn(RESERVE)).endsWith(command);
        pt.assertEscalatedAndFinish(pi, "The space 2 was created on the active server compass-primary");
    }

    @ParameterizedTest(name = "{1} fails")
    @CsvSource({
            "compass-primary, cd /opt/compass-installer && sudo python3 script/replication/check_current_master_server.py, BoundaryEvent_CheckMasterPrimaryFailed",
            "compass-reserve, cd /opt/compass-installer && sudo python3 script/replication/check_current_master_server.py, BoundaryEvent_CheckMasterReserveFailed",
            "compass-reserve, sudo mkdir -p /home/deploy/backups/, BoundaryEvent_MakeBackupDirFailed"})
    void aFailedCheckOrPreparationEscalatesBeforeCreating(String host, String command, String boundary) {
        pt.answer(host, command, 1, "");

        ProcessInstance pi = start();

        BpmnAwareTests.assertThat(pi).hasPassed(boundary).hasNotPassed("Task_CreateTeam");
        assertThat(lab.compass.node(PRIMARY).spaces()).hasSize(1);
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }
}
