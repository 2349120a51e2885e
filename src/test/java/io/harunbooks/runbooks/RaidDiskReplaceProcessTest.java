package io.harunbooks.runbooks;

import io.harunbooks.lab.ganeti.GanetiSimulation;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.harunbooks.lab.ganeti.GanetiSimulation.FDISK_LIST;
import static io.harunbooks.lab.ganeti.GanetiSimulation.PROC_MDSTAT;
import static io.harunbooks.runbooks.GanetiLab.GNT2;
import static io.harunbooks.runbooks.GanetiLab.node;
import static io.harunbooks.runbooks.GanetiLab.sim;
import static io.harunbooks.runbooks.GanetiLab.var;
import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code raid-disk-replace} (seed 002, «Замена жесткого диска»). */
@Deployment(resources = {"bpmn/raid-disk-replace.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-raid-disk-replace.form", "forms/escalate-to-support.form"})
class RaidDiskReplaceProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine(GanetiLab::cluster, List.of());
    static final String SFDISK = "sfdisk -d /dev/sda|sfdisk /dev/sdb";

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
    }

    private ProcessInstance startUntilConfirmation() {
        return pt.startUntil(GanetiSimulation.RAID_DEGRADED, "raid-disk-replace", Map.of("host", GNT2, "newDisk", "sdb"), "Task_ConfirmSameModel");
    }

    @Test
    void sameModelConfirmedPartitionsCopiedArraysCompletedAndSynced() {
        ProcessInstance pi = startUntilConfirmation();
        assertThat(var(pt, pi, "sourceModel")).isEqualTo("WDC WD5003ABYX-01WERA1");
        assertThat(var(pt, pi, "newModel")).isEqualTo("WDC WD5003ABYX-01WERA1");
        assertThat(var(pt, pi, "raidAdds")).isEqualTo("md0:sdb1,md1:sdb2,md2:sdb3");
        assertThat((String) var(pt, pi, "plannedCommands")).isEqualTo("On gnt2: sfdisk -d /dev/sda|sfdisk /dev/sdb\n"
                + "On gnt2: fdisk -l\nOn gnt2: mdadm --manage /dev/md0 --add /dev/sdb1\n"
                + "On gnt2: mdadm --manage /dev/md1 --add /dev/sdb2\nOn gnt2: mdadm --manage /dev/md2 --add /dev/sdb3\n"
                + "then cat /proc/mdstat until every array is clean");
        assertThat(var(pt, pi, "mdstatBefore")).isEqualTo(fixture("ganeti/mdstat/sim-degraded.txt"));

        pt.completeAs("alice", pi, Map.of("sameModel", true));
        pt.executeJobs();
        BpmnAwareTests.assertThat(pi).isWaitingAt("Timer_SyncPoll");
        assertThat(node(pt, GNT2).arrays()).containsEntry("md1", "U_ recovery");
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassedInOrder("Task_Mdstat", "Task_FdiskBefore", "Task_Veto",
                "Task_ConfirmSameModel", "Task_RecheckMdstat", "Task_CopyPartitions", "Task_FdiskAfter",
                "Task_MdadmAdd", "Task_MdadmAdd", "Task_MdadmAdd", "Task_CheckSync", "Timer_SyncPoll",
                "Task_CheckSync", "EndEvent_Recovered").isEnded();
        assertThat(pt.commandsOn(GNT2)).containsExactly(PROC_MDSTAT, FDISK_LIST, PROC_MDSTAT, SFDISK, FDISK_LIST,
                "mdadm --manage /dev/md0 --add /dev/sdb1", "mdadm --manage /dev/md1 --add /dev/sdb2",
                "mdadm --manage /dev/md2 --add /dev/sdb3", PROC_MDSTAT, PROC_MDSTAT);
        assertThat(node(pt, GNT2).arrays()).containsValues("UU").doesNotContainValue("U_");
        assertThat(pt.historicVariable(pi, "outcome")).isEqualTo("recovered");
    }

    @Test
    void differentModelIsCancelledWithoutTouchingTheDisk() {
        sim(pt).inject(GanetiSimulation.RAID_DEGRADED);
        pt.answer(GNT2, FDISK_LIST, 0, fixture("ganeti/fdisk-list/sim-new-disk-sdb.txt")
                .replaceFirst("(Disk /dev/sdb:[^\n]*\nDisk model: )[^\n]*", "$1ST500DM002-1BD142"));
        ProcessInstance pi = pt.start("raid-disk-replace", Map.of("host", GNT2, "newDisk", "sdb"));
        pt.executeJobs();
        assertThat(var(pt, pi, "newModel")).isEqualTo("ST500DM002-1BD142");

        pt.completeAs("alice", pi, Map.of("sameModel", false));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_Cancelled").hasNotPassed("Task_CopyPartitions").isEnded();
        assertThat(pt.commandsOn(GNT2)).containsExactly(PROC_MDSTAT, FDISK_LIST);
        assertThat(node(pt, GNT2).disks()).containsEntry("sdb", "0 partition(s)");
    }

    @Test
    void cleanArraysAreNothingToDo() {
        ProcessInstance pi = pt.start("raid-disk-replace", Map.of("host", GNT2, "newDisk", "sdb"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_NothingToDo").isEnded();
        assertThat(pt.commandsOn(GNT2)).containsExactly(PROC_MDSTAT);
    }

    @Test
    void aDiskInUseIsVetoed() {
        sim(pt).inject(GanetiSimulation.RAID_DEGRADED);
        ProcessInstance pi = pt.start("raid-disk-replace", Map.of("host", GNT2, "newDisk", "sda"));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_Veto").hasNotPassed("Task_ConfirmSameModel");
        pt.assertEscalatedAndFinish(pi, "sda has partitions in a RAID array: it is not the new disk");
        assertThat(pt.commandsOn(GNT2)).containsExactly(PROC_MDSTAT, FDISK_LIST);
    }

    @Test
    void aMissingDiskIsVetoed() {
        sim(pt).inject(GanetiSimulation.RAID_DEGRADED);
        ProcessInstance pi = pt.start("raid-disk-replace", Map.of("host", GNT2, "newDisk", "sdc"));
        pt.executeJobs();

        pt.assertEscalatedAndFinish(pi, "fdisk -l does not list /dev/sdc");
    }

    @Test
    void diskTakenWhileWaitingIsNotPartitioned() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT2, PROC_MDSTAT, 0, fixture("ganeti/mdstat/sim-recovery-started.txt"));

        pt.completeAs("alice", pi, Map.of("sameModel", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotFree").hasNotPassed("Task_CopyPartitions");
        pt.assertEscalatedAndFinish(pi, "is in a RAID array now");
    }

    @Test
    void partitionsDifferAfterTheCopyEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.answer(GNT2, FDISK_LIST, 0, fixture("ganeti/fdisk-list/sim-new-disk-sdb.txt"));
        pt.completeAs("alice", pi, Map.of("sameModel", true));
        pt.executeJobs();

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotPartitioned").hasNotPassed("Task_MdadmAdd");
        pt.assertEscalatedAndFinish(pi, "/dev/sdb has 0 partitions, /dev/sda 3");
    }

    @Test
    void arraysNotCleanInTimeEscalate() {
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("alice", pi, Map.of("sameModel", true));
        pt.executeJobs();
        pt.answer(GNT2, PROC_MDSTAT, 0, fixture("ganeti/mdstat/sim-recovery-started.txt"));
        for (int i = 0; i < 70 && pt.engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).count() == 0; i++) {
            pt.fireTimers();
        }

        BpmnAwareTests.assertThat(pi).hasPassed("Task_DescribeNotSynced");
        pt.assertEscalatedAndFinish(pi, "The RAID arrays are not clean after 60 checks");
    }

    @Test
    void failingStepsEscalate() {
        for (String[] failing : new String[][] {{SFDISK, "BoundaryEvent_CopyFailed"},
                {"mdadm --manage /dev/md1 --add /dev/sdb2", "BoundaryEvent_MdadmFailed"}}) {
            pt.reset();
            ProcessInstance pi = startUntilConfirmation();
            pt.answer(GNT2, failing[0], 1, "");
            pt.completeAs("alice", pi, Map.of("sameModel", true));
            pt.executeJobs();

            BpmnAwareTests.assertThat(pi).hasPassed(failing[1]);
            pt.assertEscalatedAndFinish(pi, failing[0]);
        }
        for (String[] failing : new String[][] {{PROC_MDSTAT, "BoundaryEvent_MdstatFailed"},
                {FDISK_LIST, "BoundaryEvent_FdiskFailed"}}) {
            pt.reset();
            sim(pt).inject(GanetiSimulation.RAID_DEGRADED);
            pt.answer(GNT2, failing[0], 1, "");
            ProcessInstance pi = pt.start("raid-disk-replace", Map.of("host", GNT2, "newDisk", "sdb"));
            pt.executeJobs();
            BpmnAwareTests.assertThat(pi).hasPassed(failing[1]);
            pt.assertEscalatedAndFinish(pi, failing[0]);
        }
        for (String[] failing : new String[][] {{PROC_MDSTAT, "BoundaryEvent_RecheckFailed"},
                {FDISK_LIST, "BoundaryEvent_FdiskAfterFailed"}}) {
            pt.reset();
            ProcessInstance pi = startUntilConfirmation();
            pt.answer(GNT2, failing[0], 1, "");
            pt.completeAs("alice", pi, Map.of("sameModel", true));
            pt.executeJobs();
            BpmnAwareTests.assertThat(pi).hasPassed(failing[1]);
            pt.assertEscalatedAndFinish(pi, failing[0]);
        }
    }

    @Test
    void aFailingCheckDuringTheWaitEscalates() {
        ProcessInstance pi = startUntilConfirmation();
        pt.completeAs("alice", pi, Map.of("sameModel", true));
        pt.executeJobs();
        pt.answer(GNT2, PROC_MDSTAT, 1, "");
        pt.fireTimers();

        BpmnAwareTests.assertThat(pi).hasPassed("BoundaryEvent_CheckSyncFailed");
        pt.assertEscalatedAndFinish(pi, "exited 1");
    }

    @Test
    void thePartitionTableIsWrittenOnlyAfterAnotherPersonThanTheStarterConfirmed() {
        ProcessInstance pi = pt.startUntil(GanetiSimulation.RAID_DEGRADED, "raid-disk-replace",
                Map.of("host", GNT2, "newDisk", "sdb", "startedBy", "alice"), "Task_ConfirmSameModel");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pt.completeAs("alice", pi, Map.of("sameModel", true)))
                .hasMessageContaining("Four-eyes").hasMessageContaining("alice started this run");
        BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ConfirmSameModel");
        assertThat(pt.commandsOn(GNT2)).noneMatch(c -> c.startsWith("sfdisk"));

        pt.completeAs("bob", pi, Map.of("sameModel", true));
        pt.executeJobs();
        assertThat(pt.commandsOn(GNT2)).contains("sfdisk -d /dev/sda|sfdisk /dev/sdb");
    }
}
