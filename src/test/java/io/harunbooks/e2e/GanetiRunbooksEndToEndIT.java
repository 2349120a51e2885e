package io.harunbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nine runbooks of seed 002 over real HTTP and real SSH against the lab cluster {@code ganeti-lab} (gnt1 installed
 * master, gnt2 master candidate): fault injected, run started over REST, decisions taken through the task API, then
 * the journal's commands (host and command, in order) and the lab's state asserted.
 */
class GanetiRunbooksEndToEndIT extends LabApplication {

    private static final String CLUSTER = "ganeti-lab";
    private static final String GETMASTER = "gnt-cluster getmaster";
    private static final String NODE_LIST = "gnt-node list -o name,role,pinst_cnt,sinst_cnt";
    private static final String INSTANCE_LIST = "gnt-instance list -o name,pnode,snodes,status";
    private static final String PROC_DRBD = "cat /proc/drbd";
    private static final String MDSTAT = "cat /proc/mdstat";

    @Test
    void startSingleMaster() {
        injectFault(CLUSTER, "node-down");

        String id = startRun(CLUSTER, "ganeti-start-single-master", "{}");
        JsonNode confirm = awaitTask("Task_Confirm");
        assertThat(formVariable(confirm, "plannedCommands")).startsWith("On gnt1: ganeti-masterd --no-voting");
        // four-eyes: the run was started by demo, another person confirms the forcing step
        assertThat(complete(confirm, Map.of("confirmed", true), "operator").status()).isEqualTo(204);

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "gnt1: " + GETMASTER, "gnt2: " + GETMASTER, "gnt1: " + NODE_LIST, "gnt2: " + GETMASTER,
                "gnt1: ganeti-masterd --no-voting", "gnt1: " + NODE_LIST);
        assertThat(texts(labState(CLUSTER).get("masterdRunningOn"))).containsExactly("gnt1");
    }

    @Test
    void failoverInstancesOfACrashedNode() {
        injectFault(CLUSTER, "node-crashed");

        String id = startRun(CLUSTER, "ganeti-failover-instances", "{\"node\": \"gnt2\"}");
        JsonNode confirm = awaitTask("Task_Confirm");
        assertThat(formVariable(confirm, "evidence")).contains("db1: primary gnt2, secondary gnt1, ERROR_nodedown");
        // --ignore-consistency may lose what was not yet synced: four-eyes, not the person who started the run
        assertThat(complete(confirm, Map.of("confirmed", true), "demo").body()).contains("Four-eyes: demo started this run");
        assertThat(complete(confirm, Map.of("confirmed", true), "operator").status()).isEqualTo(204);

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "gnt1: " + GETMASTER, "gnt1: " + NODE_LIST, "gnt1: " + INSTANCE_LIST, "gnt2: " + GETMASTER,
                "gnt2: " + GETMASTER, "gnt1: gnt-node failover --ignore-consistency gnt2",
                "gnt1: gnt-instance startup --force --all", "gnt1: " + INSTANCE_LIST);
        JsonNode db1 = labState(CLUSTER).at("/instances/2");
        assertThat(db1.get("name").asText()).isEqualTo("db1");
        assertThat(db1.get("primary").asText()).isEqualTo("gnt1");
        assertThat(db1.get("running").asBoolean()).isTrue();
    }

    @Test
    void plannedMasterSwitch() {
        injectFault(CLUSTER, "healthy");

        String id = startRun(CLUSTER, "ganeti-master-switch", "{}");

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "gnt1: " + GETMASTER, "gnt2: " + GETMASTER, "gnt1: " + NODE_LIST, "gnt2: gnt-cluster master-failover",
                "gnt2: " + GETMASTER, "gnt2: " + NODE_LIST);
        assertThat(labState(CLUSTER).get("master").asText()).isEqualTo("gnt2");
    }

    @Test
    void masterNodeFailure() {
        injectFault(CLUSTER, "master-down");

        String id = startRun(CLUSTER, "ganeti-master-node-failure", "{}");
        assertThat(complete(awaitTask("Task_Confirm"), Map.of("confirmed", true), "operator").status()).isEqualTo(204);

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "gnt1: " + GETMASTER, "gnt2: " + GETMASTER, "gnt1: " + GETMASTER,
                "gnt2: ganeti-masterd --no-voting", "gnt2: gnt-cluster master-failover --no-voting",
                "gnt2: " + GETMASTER, "gnt2: gnt-node modify -C no -O yes gnt1",
                "gnt2: gnt-node failover --ignore-consistency gnt1", "gnt2: " + INSTANCE_LIST);
        JsonNode lab = labState(CLUSTER);
        assertThat(lab.get("master").asText()).isEqualTo("gnt2");
        assertThat(lab.at("/nodes/0/offline").asBoolean()).isTrue();
        lab.get("instances").forEach(i -> assertThat(i.get("primary").asText()).isEqualTo("gnt2"));
    }

    @Test
    void nodeReturnAfterItWasOfflined() {
        injectFault(CLUSTER, "node-offline");

        String id = startRun(CLUSTER, "ganeti-node-return", "{\"node\": \"gnt2\", \"syncPollInterval\": \"PT1S\"}");
        completeTask(awaitTask("Task_ChooseWay"), Map.of("confirmed", true, "readd", false));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        List<String> journal = journalCommands(id);
        assertThat(journal.subList(0, 8)).containsExactly(
                "gnt1: " + GETMASTER, "gnt1: " + NODE_LIST, "gnt2: " + GETMASTER,
                "gnt1: gnt-node modify -C yes -O no gnt2", "gnt1: gnt-cluster redist-conf",
                "gnt2: /etc/init.d/ganeti restart", "gnt1: gnt-cluster verify-disks", "gnt1: " + PROC_DRBD);
        assertThat(journal.subList(8, journal.size())).isNotEmpty().containsOnly("gnt1: " + PROC_DRBD);
        JsonNode lab = labState(CLUSTER);
        assertThat(lab.at("/nodes/1/offline").asBoolean()).isFalse();
        lab.get("minors").forEach(m -> assertThat(m.get("connection").asText()).isEqualTo("Connected"));
    }

    @Test
    void nodeDecommission() {
        injectFault(CLUSTER, "healthy");

        String id = startRun(CLUSTER, "ganeti-node-decommission", "{\"node\": \"gnt2\"}");

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "gnt1: " + GETMASTER, "gnt1: " + INSTANCE_LIST, "gnt1: gnt-instance migrate db1",
                "gnt1: gnt-node modify -C no -O yes gnt2", "gnt1: " + NODE_LIST);
        JsonNode lab = labState(CLUSTER);
        assertThat(lab.at("/nodes/1/offline").asBoolean()).isTrue();
        lab.get("instances").forEach(i -> assertThat(i.get("primary").asText()).isEqualTo("gnt1"));
    }

    @Test
    void nodeReplace() {
        injectFault(CLUSTER, "node-replaced");

        String id = startRun(CLUSTER, "ganeti-node-replace", "{\"node\": \"gnt2\", \"syncPollInterval\": \"PT1S\"}");
        assertThat(complete(awaitTask("Task_Confirm"), Map.of("confirmed", true), "operator").status()).isEqualTo(204);
        completeTask(awaitTask("Task_PuppetClean"), Map.of("puppetCleaned", true));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        List<String> journal = journalCommands(id);
        assertThat(journal.subList(0, 11)).containsExactly(
                "gnt1: " + GETMASTER, "gnt1: " + NODE_LIST, "gnt1: " + INSTANCE_LIST,
                "gnt1: ssh-keygen -f /root/.ssh/known_hosts -R gnt2", "gnt1: gnt-node add --readd gnt2",
                "gnt1: gnt-instance replace-disks --auto web1", "gnt1: gnt-instance replace-disks --auto mail1",
                "gnt1: gnt-instance replace-disks --auto db1", "gnt2: rm -r /var/lib/puppet/ssl/*",
                "gnt2: /etc/init.d/puppet restart", "gnt1: " + PROC_DRBD);
        assertThat(journal.subList(11, journal.size())).containsOnly("gnt1: " + PROC_DRBD);
        labState(CLUSTER).get("minors").forEach(m -> assertThat(m.at("/disks/gnt2").asText()).isEqualTo("UpToDate"));
    }

    @Test
    void raidDiskReplace() {
        injectFault(CLUSTER, "raid-degraded");

        String id = startRun(CLUSTER, "raid-disk-replace",
                "{\"host\": \"gnt2\", \"newDisk\": \"sdb\", \"syncPollInterval\": \"PT1S\"}");
        JsonNode confirm = awaitTask("Task_ConfirmSameModel");
        assertThat(formVariable(confirm, "sourceModel")).isEqualTo("WDC WD5003ABYX-01WERA1");
        assertThat(formVariable(confirm, "newModel")).isEqualTo("WDC WD5003ABYX-01WERA1");
        // writing a partition table is four-eyes: not demo, who started the run
        assertThat(complete(confirm, Map.of("sameModel", true), "demo").body()).contains("Four-eyes");
        assertThat(complete(confirm, Map.of("sameModel", true), "operator").status()).isEqualTo(204);

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        List<String> journal = journalCommands(id);
        assertThat(journal.subList(0, 9)).containsExactly(
                "gnt2: " + MDSTAT, "gnt2: fdisk -l", "gnt2: " + MDSTAT, "gnt2: sfdisk -d /dev/sda|sfdisk /dev/sdb",
                "gnt2: fdisk -l", "gnt2: mdadm --manage /dev/md0 --add /dev/sdb1",
                "gnt2: mdadm --manage /dev/md1 --add /dev/sdb2", "gnt2: mdadm --manage /dev/md2 --add /dev/sdb3",
                "gnt2: " + MDSTAT);
        assertThat(journal.subList(9, journal.size())).isNotEmpty().containsOnly("gnt2: " + MDSTAT);
        labState(CLUSTER).at("/nodes/1/arrays").forEach(a -> assertThat(a.asText()).isEqualTo("UU"));
    }

    @Test
    void drbdSplitBrain() {
        injectFault(CLUSTER, "drbd-split-brain");

        String id = startRun(CLUSTER, "ganeti-drbd-split-brain", "{\"syncPollInterval\": \"PT1S\"}");
        JsonNode establish = awaitTask("Task_EstablishCurrentData");
        assertThat(formVariable(establish, "affectedMinors")).isEqualTo("21,22");
        completeTask(establish, Map.of("currentDataNode", "gnt1", "decisionComment", "web1 and mail1 ran on gnt1"));
        JsonNode confirm = awaitTask("Task_ConfirmDiscard");
        assertThat(formVariable(confirm, "victimNode")).isEqualTo("gnt2");
        Response refused = complete(confirm, Map.of("confirmedDiscardNode", "gnt2", "confirmed", true), "demo");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.body()).contains("Four-eyes: demo started this run");
        assertThat(complete(confirm, Map.of("confirmedDiscardNode", "gnt2", "confirmed", true), "operator").status())
                .isEqualTo(204);

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        List<String> journal = journalCommands(id);
        int invalidate21 = journal.indexOf("gnt2: drbdsetup /dev/drbd21 invalidate");
        assertThat(journal.subList(0, 7)).containsExactly(
                "gnt1: " + GETMASTER, "gnt1: dmesg", "gnt2: dmesg", "gnt1: " + PROC_DRBD, "gnt2: " + PROC_DRBD,
                "gnt1: " + INSTANCE_LIST, "gnt2: " + PROC_DRBD);
        // between them: the drbdadm task's state reads of the target and its peer (its guard)
        assertThat(journal.subList(7, invalidate21)).isNotEmpty()
                .allSatisfy(c -> assertThat(c).endsWith(PROC_DRBD));
        List<String> withoutDrbdReads = journal.stream().filter(c -> !c.endsWith(PROC_DRBD)).toList();
        assertThat(withoutDrbdReads).containsExactly("gnt1: " + GETMASTER, "gnt1: dmesg", "gnt2: dmesg", "gnt1: " + INSTANCE_LIST,
                "gnt2: drbdsetup /dev/drbd21 invalidate", "gnt2: drbdsetup /dev/drbd22 invalidate",
                "gnt1: gnt-instance activate-disks web1", "gnt1: gnt-instance activate-disks mail1",
                "gnt1: gnt-instance activate-disks db1");
        assertThat(journal.get(journal.size() - 1)).isEqualTo("gnt1: " + PROC_DRBD);
        assertThat(journal).noneMatch(c -> c.startsWith("gnt1: drbdsetup"));
        JsonNode lab = labState(CLUSTER);
        lab.get("minors").forEach(m -> assertThat(m.get("connection").asText()).isEqualTo("Connected"));
        assertThat(lab.at("/minors/0/discardedOn").asText()).isEqualTo("gnt2");
        assertThat(lab.at("/minors/1/discardedOn").asText()).isEqualTo("gnt2");
    }

    private Response complete(JsonNode task, Map<String, Object> variables, String user) {
        StringBuilder json = new StringBuilder("{\"variables\": {");
        variables.forEach((k, v) -> json.append(json.charAt(json.length() - 1) == '{' ? "" : ",")
                .append('"').append(k).append("\": {\"value\": ")
                .append(v instanceof String ? "\"" + v + "\"" : v).append('}'));
        json.append("}}");
        return post("/engine-rest/task/" + task.get("id").asText() + "/complete", json.toString(), user,
                user.equals("demo") ? "demo" : user);
    }

    private String formVariable(JsonNode task, String name) {
        return get("/engine-rest/task/" + task.get("id").asText() + "/form-variables").json()
                .at("/" + name + "/value").asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
