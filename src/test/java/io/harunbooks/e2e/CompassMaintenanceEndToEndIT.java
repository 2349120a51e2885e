package io.harunbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three Compass maintenance runbooks of seed 000 (configuration change, server update, new space) over real HTTP
 * and real SSH against the lab pair {@code compass-lab}: the run started over REST, decisions taken through the task
 * API, then the journal's commands (host and command, in order) and the lab's state asserted.
 */
class CompassMaintenanceEndToEndIT extends LabApplication {

    private static final String CLUSTER = "compass-lab";
    private static final String PRIMARY = "compass-primary";
    private static final String RESERVE = "compass-reserve";
    private static final String IN_INSTALLER = "cd /opt/compass-installer && ";
    private static final String UPDATE = IN_INSTALLER + "sudo python3 script/update.py";
    private static final String MASTER = IN_INSTALLER + "sudo python3 script/replication/check_current_master_server.py";
    private static final String SHOW = IN_INSTALLER
            + "sudo python3 script/replication/show_slave_replication_status.py --all-types --all-teams";

    @Test
    void configurationChangeIsAppliedWithUpdatePyOnTheReserveFirstThenOnThePrimary() {
        injectFault(CLUSTER, "healthy");

        String id = startRun(CLUSTER, "compass-config-change", "{}");
        completeTask(awaitTask("Task_ApplyConfigChange"), Map.of("changedOnBoth", true,
                "changeDescription", "src/values.compass.yaml: smtp host"));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_ChangeApplied");
        assertThat(journalCommands(id)).containsExactly(
                RESERVE + ": " + UPDATE,
                PRIMARY + ": " + UPDATE);
        assertThat(node(PRIMARY).get("updates").asInt()).isEqualTo(1);
        assertThat(node(RESERVE).get("updates").asInt()).isEqualTo(1);
    }

    @Test
    void serverPartIsUpdatedOnTheActiveServerThenOnTheReserveOnceReplicationIsSynced() {
        injectFault(CLUSTER, "healthy");

        String id = startRun(CLUSTER, "compass-server-update", "{\"replicationPollInterval\": \"PT1S\"}");
        completeTask(awaitTask("Task_ConfirmUpdate"), Map.of("confirmed", true));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_ServerUpdated");
        List<String> journal = journalCommands(id);
        assertThat(withoutRepeats(journal)).containsExactly(
                PRIMARY + ": " + IN_INSTALLER + "git pull",
                RESERVE + ": " + IN_INSTALLER + "git pull",
                PRIMARY + ": " + MASTER,
                RESERVE + ": " + MASTER,
                PRIMARY + ": " + UPDATE,
                RESERVE + ": " + SHOW,
                RESERVE + ": sudo systemctl status keepalived",
                RESERVE + ": " + UPDATE,
                RESERVE + ": " + SHOW);
        for (String host : List.of(PRIMARY, RESERVE)) {
            assertThat(node(host).get("installerVersion").asText()).as(host).isEqualTo("6.1.0");
            assertThat(node(host).get("deployedVersion").asText()).as(host).isEqualTo("6.1.0");
            assertThat(node(host).get("updates").asInt()).as(host).isEqualTo(1);
        }
        assertThat(node(RESERVE).get("replication").asText()).isEqualTo("RUNNING");
        assertThat(labState(CLUSTER).get("active").asText()).isEqualTo(PRIMARY);
    }

    @Test
    void serverUpdateWithBrokenReplicationStopsBeforeTheReserveAndEscalates() {
        injectFault(CLUSTER, "replication-broken");

        String id = startRun(CLUSTER, "compass-server-update", "{\"replicationPollInterval\": \"PT1S\"}");
        completeTask(awaitTask("Task_ConfirmUpdate"), Map.of("confirmed", true));
        JsonNode support = awaitTask("Task_ContactSupport");
        assertThat(get("/engine-rest/task/" + support.get("id").asText() + "/form-variables").json()
                .at("/failure/value").asText()).contains("shows errors or is not running");
        completeTask(support, Map.of("supportTicket", "SUP-7"));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_EscalatedToSupport");
        assertThat(journalCommands(id)).endsWith(PRIMARY + ": " + UPDATE, RESERVE + ": " + SHOW);
        assertThat(node(PRIMARY).get("updates").asInt()).isEqualTo(1);
        assertThat(node(RESERVE).get("updates").asInt()).isZero();
    }

    @Test
    void replicationBrokenByTheReserveUpdateIsResetAndStartedAgain() {
        injectFault(CLUSTER, "replication-breaks-on-update");

        String id = startRun(CLUSTER, "compass-server-update", "{\"replicationPollInterval\": \"PT1S\"}");
        completeTask(awaitTask("Task_ConfirmUpdate"), Map.of("confirmed", true));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_ServerUpdated");
        assertThat(journalCommands(id)).endsWith(
                RESERVE + ": " + UPDATE,
                RESERVE + ": " + SHOW,
                RESERVE + ": " + IN_INSTALLER
                        + "sudo python3 script/replication/reset_slave_replication.py --all-types --all-teams",
                RESERVE + ": " + IN_INSTALLER
                        + "sudo python3 script/replication/start_slave_replication.py --all-types --all-teams",
                RESERVE + ": " + SHOW);
        assertThat(node(RESERVE).get("replication").asText()).isEqualTo("RUNNING");
        assertThat(node(RESERVE).get("deployedVersion").asText()).isEqualTo("6.1.0");
    }

    @Test
    void keepalivedStoppedOnTheReserveWaitsForAPersonAndStillStoppedEscalatesWithoutUpdatingIt() {
        injectFault(CLUSTER, "keepalived-stopped-on-reserve");

        String id = startRun(CLUSTER, "compass-server-update", "{\"replicationPollInterval\": \"PT1S\"}");
        completeTask(awaitTask("Task_ConfirmUpdate"), Map.of("confirmed", true));
        JsonNode fix = awaitTask("Task_FixKeepalived");
        assertThat(get("/engine-rest/task/" + fix.get("id").asText() + "/form-variables").json()
                .at("/keepalivedOutput/value").asText()).contains("Active: inactive (dead)");
        completeTask(fix, Map.of("keepalivedFixed", false, "decisionComment", "could not start it"));
        completeTask(awaitTask("Task_ContactSupport"), Map.of("supportTicket", "SUP-8"));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_EscalatedToSupport");
        assertThat(journalCommands(id)).endsWith(
                RESERVE + ": sudo systemctl status keepalived",
                RESERVE + ": sudo systemctl status keepalived");
        assertThat(node(PRIMARY).get("updates").asInt()).isEqualTo(1);
        assertThat(node(RESERVE).get("updates").asInt()).isZero();
    }

    @Test
    void newSpaceIsCreatedOnTheActiveServerAndRestoredRepairedAndReplicatedOnTheOther() {
        injectFault(CLUSTER, "healthy");

        String id = startRun(CLUSTER, "compass-create-space", "{\"remoteServerUser\": \"deploy\"}");

        assertThat(awaitEnd(id)).containsExactly("EndEvent_SpaceCreated");
        assertThat(journalCommands(id)).containsExactly(
                PRIMARY + ": " + MASTER,
                RESERVE + ": " + MASTER,
                RESERVE + ": " + SHOW,
                RESERVE + ": sudo mkdir -p /home/deploy/backups/",
                PRIMARY + ": " + IN_INSTALLER
                        + "sudo python3 script/create_team.py -dst deploy@127.0.10.12:/home/deploy/backups/",
                RESERVE + ": sudo mv /home/deploy/backups/* /home/compass/backups/",
                RESERVE + ": " + IN_INSTALLER + "sudo python3 script/restore_db.py --force-update-company-db 0;",
                RESERVE + ": " + IN_INSTALLER + "sudo python3 script/replication/repair_team.py",
                RESERVE + ": " + IN_INSTALLER + "sudo python3 script/replication/start_slave_replication.py -t team");
        JsonNode reserve = node(RESERVE);
        assertThat(reserve.get("backups").toString()).contains("reserve_company_2");
        JsonNode space = space(reserve, 2);
        assertThat(space.get("replicating").asBoolean()).isTrue();
        assertThat(space.get("repaired").asBoolean()).isTrue();
        assertThat(space(node(PRIMARY), 2)).isNotNull();
    }

    private JsonNode node(String host) {
        for (JsonNode n : labState(CLUSTER).get("nodes")) {
            if (n.get("name").asText().equals(host)) {
                return n;
            }
        }
        throw new AssertionError("no node " + host + " in the lab state of " + CLUSTER);
    }

    private static JsonNode space(JsonNode node, long id) {
        for (JsonNode s : node.get("spaces")) {
            if (s.get("id").asLong() == id) {
                return s;
            }
        }
        throw new AssertionError("no space " + id + " on " + node.get("name").asText() + ": " + node.get("spaces"));
    }

    /** The journal with repeated checks collapsed: the number of replication polls depends on timing. */
    private static List<String> withoutRepeats(List<String> commands) {
        List<String> out = new ArrayList<>();
        for (String c : commands) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(c)) {
                out.add(c);
            }
        }
        return out;
    }
}
