package io.harunbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four messenger runbooks of seed 001 over real HTTP and real SSH against the lab: the fault injected, the run
 * started over REST, decisions taken through the task API, then the lab's state and the journal's commands (host and
 * command, in order) asserted; and one escalation path each. Waits are shortened through the runbooks' variables.
 */
class MessengerRunbooksEndToEndIT extends LabApplication {

    private static final String FILES_1 = "files-mysql-mysql-cluster-im-db-mysql-1.mysql.files:3306";

    @Test
    void kustReplicaIsResyncedOnTheSlaveNode() {
        injectFault("kust-replica-failed");

        String id = startRun("kust-replica-resync", "{\"service\": \"cox\", \"instance\": \"cox-1\"}");
        JsonNode confirm = awaitTask("Task_ConfirmClean");
        completeTask(confirm, Map.of("confirmed", true));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "vkt03: ic map cox",
                "vkt03: ic map cox",
                "vkt04: clean_kust_replica.sh cox-1");
        assertThat(service("kust/cox").get("replicating").asBoolean()).isTrue();
    }

    @Test
    void kustScriptWithUnexpectedOutputEscalates() {
        injectFault("kust-clean-unexpected");

        String id = startRun("kust-replica-resync", "{\"service\": \"cox\", \"instance\": \"cox-1\"}");
        completeTask(awaitTask("Task_ConfirmClean"), Map.of("confirmed", true));

        JsonNode support = awaitTask("Task_ContactSupport");
        assertThat(get("/engine-rest/task/" + support.get("id").asText() + "/form-variables").json()
                .at("/failure/value").asText()).contains("ERROR: failed to start cox-1");
        completeTask(support, Map.of("supportTicket", "SUP-42"));
        assertThat(awaitEnd(id)).containsExactly("EndEvent_EscalatedToSupport");
    }

    @Test
    void tarantoolReplicaIsCleanedFlippedVerifiedAndTheFormerMainRestarted() {
        injectFault("tarantool-replication-stopped");

        String id = startRun("tarantool-replica-resync", "{\"service\": \"badger\", \"instance\": \"badger-3\","
                + " \"waitAfterClean\": \"PT2S\", \"waitAfterFlip\": \"PT1S\", \"flipRetryWait\": \"PT1S\"}");
        completeTask(awaitTask("Task_ConfirmClean"), Map.of("confirmed", true));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "vkt03: ic map badger",
                "vkt03: ic map badger",
                "vkt03: clean_tnt_replica.sh badger-3",
                "vkt03: ic flip badger.vkt03.badger-3",
                "vkt03: ic map badger",
                "vkt04: systemctl restart tarantool@badger-3 badger-3");
        JsonNode badger = service("tarantool/badger");
        assertThat(badger.get("mainHost").asText()).isEqualTo("vkt03");
        assertThat(badger.get("slaveHost").asText()).isEqualTo("vkt04");
    }

    @Test
    void tarantoolFlipFailingTwiceEscalates() {
        injectFault("tarantool-flip-error-always");

        String id = startRun("tarantool-replica-resync", "{\"service\": \"badger\", \"instance\": \"badger-3\","
                + " \"waitAfterClean\": \"PT2S\", \"waitAfterFlip\": \"PT1S\", \"flipRetryWait\": \"PT1S\"}");
        completeTask(awaitTask("Task_ConfirmClean"), Map.of("confirmed", true));

        completeTask(awaitTask("Task_ContactSupport"), Map.of());
        assertThat(awaitEnd(id)).containsExactly("EndEvent_EscalatedToSupport");
        List<String> commands = journalCommands(id);
        assertThat(commands.stream().filter(c -> c.equals("vkt03: ic flip badger.vkt03.badger-3"))).hasSize(2);
        assertThat(commands).noneMatch(c -> c.contains("systemctl restart"));
    }

    @Test
    void mysqlBrokenReplicaIsReUppedAndTheTopologyIsHealthyAgain() {
        injectFault("mysql-broken-replica");

        String id = startRun("mysql-topology-repair", "{\"podPollInterval\": \"PT1S\", \"errantWait\": \"PT1S\"}");

        assertThat(awaitEnd(id)).containsExactly("EndEvent_TopologyOk");
        List<String> commands = journalCommands(id);
        assertThat(commands.get(0)).isEqualTo("vkt03: /usr/local/bin/orch_topo.sh");
        assertThat(commands.get(1)).isEqualTo("vkt03: im_utils --reup-mysql-replica " + FILES_1);
        assertThat(commands.subList(2, commands.size() - 1)).hasSizeGreaterThan(1)
                .allMatch("vkt03: kubectl -n files get po"::equals);
        assertThat(commands.get(commands.size() - 1)).isEqualTo("vkt03: /usr/local/bin/orch_topo.sh");
        assertThat(mysql("files").get("replicaStatus").asText()).isEqualTo("ok");
    }

    @Test
    void mysqlTwoMastersEscalateUntouched() {
        injectFault("mysql-two-masters");

        String id = startRun("mysql-topology-repair", "{}");

        completeTask(awaitTask("Task_ContactSupport"), Map.of());
        assertThat(awaitEnd(id)).containsExactly("EndEvent_EscalatedToSupport");
        assertThat(journalCommands(id)).containsExactly("vkt03: /usr/local/bin/orch_topo.sh");
    }

    @Test
    void autoflipIsUnblockedAfterTheBrokenReplicationIsRepaired() {
        injectFault("autoflip-blocked-kust-broken");

        String id = startRun("autoflip-unblock", "{\"service\": \"fate\", \"repairRunbook\": \"kust-replica-resync\","
                + " \"repairService\": \"cox\", \"repairInstance\": \"cox-1\"}");
        completeTask(awaitTask("Task_ConfirmClean"), Map.of("confirmed", true));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "vkt03: ic map fate",
                "vkt03: ic map cox",
                "vkt03: ic map cox",
                "vkt04: clean_kust_replica.sh cox-1",
                "vkt03: ic set_autoflip fate enable",
                "vkt03: ic map fate");
        assertThat(service("autoflip/fate").get("enabled").asBoolean()).isTrue();
        assertThat(service("kust/cox").get("replicating").asBoolean()).isTrue();
    }

    @Test
    void autoflipStaysBlockedWhenTheRepairIsCancelled() {
        injectFault("autoflip-blocked-kust-broken");

        String id = startRun("autoflip-unblock", "{\"service\": \"fate\", \"repairRunbook\": \"kust-replica-resync\","
                + " \"repairService\": \"cox\", \"repairInstance\": \"cox-1\"}");
        completeTask(awaitTask("Task_ConfirmClean"), Map.of("confirmed", false));

        completeTask(awaitTask("Task_ContactSupport"), Map.of());
        assertThat(awaitEnd(id)).containsExactly("EndEvent_EscalatedToSupport");
        assertThat(journalCommands(id)).noneMatch(c -> c.contains("set_autoflip"));
        assertThat(service("autoflip/fate").get("enabled").asBoolean()).isFalse();
    }

    private JsonNode service(String name) {
        JsonNode s = labState().at("/services/" + name);
        assertThat(s.isMissingNode()).as("lab state has services/" + name + ": " + labState()).isFalse();
        return s;
    }

    private JsonNode mysql(String cluster) {
        JsonNode s = labState().at("/services/mysql/" + cluster);
        assertThat(s.isMissingNode()).as("lab state has services/mysql/" + cluster + ": " + labState()).isFalse();
        return s;
    }
}
