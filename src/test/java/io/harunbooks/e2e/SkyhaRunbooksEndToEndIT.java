package io.harunbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The skyha runbooks of seed 004 over real HTTP and real SSH against the lab cluster {@code skyha-lab} (skyha1
 * master, skyha2 slave, one DRBD resource): fault injected, run started over REST (as demo), destructive steps
 * confirmed by another person (operator: four-eyes), then the journal's commands in order and the lab's state.
 */
class SkyhaRunbooksEndToEndIT extends LabApplication {

    private static final String CLUSTER = "skyha-lab";
    private static final String SHOW = "/opt/skylar_ha/skyha show";
    private static final String DRBD = "cat /proc/drbd";

    @Test
    void healthCheckOfAHealthyPair() {
        injectFault(CLUSTER, "healthy");
        String id = startRun(CLUSTER, "skyha-health-check", "{}");
        assertThat(awaitEnd(id)).containsExactly("EndEvent_Healthy");
        assertThat(journalCommands(id)).containsExactly("skyha1: " + SHOW, "skyha1: " + DRBD, "skyha2: " + DRBD);
    }

    @Test
    void drbdSplitBrainRepairedOnTheSlaveAfterAFourEyesConfirmation() {
        injectFault(CLUSTER, "drbd-split-brain");
        String id = startRun(CLUSTER, "skyha-drbd-split-brain", "{\"syncWait\": \"PT2S\"}");
        JsonNode confirm = awaitTask("Task_ConfirmDiscard");
        assertThat(formVariable(confirm, "masterDrbd")).isEqualTo(
                "minor 1: cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown");
        assertThat(formVariable(confirm, "discardPlan")).contains("drbdadm -- --discard-my-data connect all");

        Map<String, Object> answers = Map.of("confirmed", true, "discardNode", "skyha2");
        Response byStarter = complete(confirm, answers, "demo");
        assertThat(byStarter.status()).isEqualTo(500);
        assertThat(byStarter.body()).contains("Four-eyes: demo started this run");
        assertThat(complete(confirm, answers, "operator").status()).isEqualTo(204);

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        List<String> journal = journalCommands(id);
        assertThat(journal.subList(0, 15)).containsExactly(
                "skyha1: " + SHOW, "skyha1: " + DRBD, "skyha2: " + DRBD,
                "skyha2: /opt/skylar_ha/skyha brain",
                "skyha1: " + DRBD, "skyha2: " + DRBD,
                "skyha2: drbdadm secondary all", "skyha2: drbdadm disconnect all",
                "skyha2: " + DRBD, "skyha1: " + DRBD,
                "skyha2: drbdadm -- --discard-my-data connect all",
                "skyha1: drbdadm primary all", "skyha1: drbdadm disconnect all", "skyha1: drbdadm connect all",
                "skyha1: " + DRBD);
        assertThat(journal.subList(15, journal.size())).allMatch(c -> c.endsWith(DRBD));
        assertThat(journal.get(journal.size() - 1)).isEqualTo("skyha2: " + DRBD);
        JsonNode guard = null;
        for (JsonNode e : get("/api/runs/" + id + "/journal").json()) {
            if (e.get("kind").asText().equals("GUARD")) {
                guard = e;
            }
        }
        assertThat(guard).isNotNull();
        assertThat(guard.toString()).contains("discard-my-data on skyha2 allowed");
        JsonNode lab = labState(CLUSTER);
        assertThat(lab.get("drbdHealthy").asBoolean()).isTrue();
        assertThat(lab.get("master").asText()).isEqualTo("skyha1");
        assertThat(lab.get("lostData")).isEmpty();
    }

    @Test
    void switchMasterSwapsTheRoles() {
        injectFault(CLUSTER, "healthy");
        String id = startRun(CLUSTER, "skyha-switch-master", "{\"syncWait\": \"PT2S\"}");
        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly("skyha1: " + SHOW,
                "skyha1: /opt/skylar_ha/skyha switch-master-slave", "skyha2: " + SHOW);
        assertThat(labState(CLUSTER).get("master").asText()).isEqualTo("skyha2");
    }

    @Test
    void autoRecoveryDisabledOnTheChosenNode() {
        injectFault(CLUSTER, "healthy");
        String id = startRun(CLUSTER, "skyha-auto-recovery", "{\"node\": \"skyha2\", \"action\": \"disable\"}");
        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly("skyha2: /opt/skylar_ha/skyha disable auto_recovery");
        assertThat(labState(CLUSTER).at("/nodes/1/autoRecovery").asBoolean()).isFalse();
        assertThat(labState(CLUSTER).at("/nodes/0/autoRecovery").asBoolean()).isTrue();
    }

    @Test
    void failoverDrillMovesTheServicesAndTheVip() {
        injectFault(CLUSTER, "healthy");
        String id = startRun(CLUSTER, "skyha-failover-drill", "{\"failoverWait\": \"PT2S\"}");
        completeTask(awaitTask("Task_ConfirmDrill"), Map.of("confirmed", true));
        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly("skyha1: " + SHOW, "skyha1: systemctl stop docker.service",
                "skyha2: " + SHOW, "skyha2: ping -c 3 192.168.142.191");
        assertThat(labState(CLUSTER).get("master").asText()).isEqualTo("skyha2");
    }

    @Test
    void faultRecoveryStartsTheStoppedContainer() {
        injectFault(CLUSTER, "container-stopped");
        String id = startRun(CLUSTER, "skyha-fault-recovery", "{\"syncWait\": \"PT2S\"}");
        completeTask(awaitTask("Task_ConfirmBackup"), Map.of("confirmed", true));
        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly("skyha1: " + SHOW, "skyha1: docker ps", "skyha1: " + DRBD,
                "skyha1: docker start redis", "skyha1: " + SHOW);
        assertThat(texts(labState(CLUSTER).at("/nodes/0/containers"))).contains("redis", "bstkd", "postgres");
    }

    @Test
    void faultRecoveryRoutesDrbdToTheSplitBrainRunbook() {
        injectFault(CLUSTER, "drbd-split-brain");
        String id = startRun(CLUSTER, "skyha-fault-recovery", "{\"syncWait\": \"PT2S\"}");
        completeTask(awaitTask("Task_ConfirmBackup"), Map.of("confirmed", true));
        JsonNode confirm = awaitTask("Task_ConfirmDiscard");
        assertThat(complete(confirm, Map.of("confirmed", true, "discardNode", "skyha2"), "demo").body())
                .contains("Four-eyes: demo started this run");
        assertThat(complete(confirm, Map.of("confirmed", true, "discardNode", "skyha2"), "operator").status())
                .isEqualTo(204);
        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        List<String> journal = journalCommands(id);
        assertThat(journal.subList(0, 4)).containsExactly("skyha1: " + SHOW, "skyha1: docker ps", "skyha1: " + DRBD,
                "skyha1: " + SHOW);
        assertThat(journal).containsSubsequence("skyha2: /opt/skylar_ha/skyha brain",
                "skyha2: drbdadm -- --discard-my-data connect all", "skyha1: drbdadm connect all");
        assertThat(journal.get(journal.size() - 1)).isEqualTo("skyha1: " + SHOW);
        assertThat(labState(CLUSTER).get("drbdHealthy").asBoolean()).isTrue();
        assertThat(labState(CLUSTER).get("lostData")).isEmpty();
    }

    @Test
    void nodeUpgradeWithThePersonsUpgradeInTheMiddle() {
        injectFault(CLUSTER, "healthy");
        String id = startRun(CLUSTER, "skyha-node-upgrade", "{\"node\": \"skyha2\", \"syncWait\": \"PT2S\"}");
        completeTask(awaitTask("Task_Upgrade"), Map.of("confirmed", true));
        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        List<String> journal = journalCommands(id);
        assertThat(journal.subList(0, 6)).containsExactly("skyha1: " + SHOW, "skyha2: pcs cluster standby skyha2",
                "skyha2: systemctl stop pacemaker.service", "skyha2: losetup /dev/loop9 /drbd/drbd.img",
                "skyha2: /opt/skylar_ha/skyha recover", "skyha2: pcs cluster unstandby --all");
        assertThat(journal.subList(6, journal.size())).isNotEmpty().allMatch(c -> c.equals("skyha2: " + SHOW));
        assertThat(labState(CLUSTER).get("drbdHealthy").asBoolean()).isTrue();
    }

    @Test
    void reinstallSlaveWhileTheMasterServes() {
        injectFault(CLUSTER, "healthy");
        String id = startRun(CLUSTER, "skyha-reinstall-slave", "{\"node\": \"skyha2\", \"syncWait\": \"PT2S\"}");
        JsonNode confirm = awaitTask("Task_ConfirmReinstall");
        assertThat(complete(confirm, Map.of("confirmed", true), "demo").body()).contains("Four-eyes");
        assertThat(complete(confirm, Map.of("confirmed", true), "operator").status()).isEqualTo(204);
        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        List<String> journal = journalCommands(id);
        assertThat(journal.subList(0, 3)).containsExactly("skyha1: " + SHOW, "skyha2: /opt/skylar_ha/skyha reset",
                "skyha2: /opt/skylar_ha/skyha install master_ip=192.168.142.171 slave_ip=192.168.142.172 "
                        + "vip_master=192.168.142.191 data_dir=/data master_hostname=skyha1 slave_hostname=skyha2 "
                        + "drbd_size=1000");
        assertThat(journal.subList(3, journal.size())).isNotEmpty().allMatch(c -> c.equals("skyha1: " + SHOW));
        assertThat(labState(CLUSTER).get("drbdHealthy").asBoolean()).isTrue();
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

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
