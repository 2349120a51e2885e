package io.harunbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Compass runbooks of seed 000 over real HTTP and real SSH against the lab's {@code compass-lab} pair: the fault
 * injected, the run started over REST, decisions taken through the task API, then the journal's commands (host and
 * command, in order, including the shared replication check's) and the lab's state asserted. Waits are shortened
 * through the runbooks' variables; the lab's replication lag settles in {@code runbooks.lab.settle-time} (1 s).
 */
class CompassRunbooksEndToEndIT extends LabApplication {

    private static final String CLUSTER = "compass-lab";
    private static final String P = "compass-primary: ";
    private static final String R = "compass-reserve: ";
    private static final String IN = "cd /opt/compass-installer && ";
    private static final String SHOW = IN + "sudo python3 script/replication/show_slave_replication_status.py --all-types --all-teams";
    private static final String CHECK_MASTER = IN + "sudo python3 script/replication/check_current_master_server.py";
    private static final String RESET = IN + "sudo python3 script/replication/reset_slave_replication.py --all-types --all-teams";
    private static final String START = IN + "sudo python3 script/replication/start_slave_replication.py --all-types --all-teams";
    private static final String LABELS = IN + "grep service_label src/values.compass.yaml";
    private static final String FAST = "\"replicationPollInterval\": \"PT1S\"";

    private JsonNode node(String name) {
        for (JsonNode n : labState(CLUSTER).get("nodes")) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no node " + name);
    }

    @Test
    void switchTrafficMovesTheVipToTheReserveAndStartsReverseReplicationOnThePrimary() {
        injectFault(CLUSTER, "healthy");

        String id = startRun(CLUSTER, "compass-switch-traffic", "{" + FAST + ", \"vipSwitchWait\": \"PT1S\"}");
        completeTask(awaitTask("Task_ConfirmSwitch"), Map.of("confirmed", true, "decisionComment", "e2e"));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Switched");
        assertThat(journalCommands(id)).containsExactly(
                P + "ip a | grep 10.32.88.100",
                R + "ip a | grep 10.32.88.100",
                R + SHOW,
                P + "ip a | grep 10.32.88.100",
                R + SHOW,
                P + "sudo systemctl restart keepalived",
                R + "sudo tail -n 100 /var/log/keepalived-state.log",
                R + "ip a | grep 10.32.88.100",
                P + "ip a | grep 10.32.88.100",
                R + CHECK_MASTER,
                P + CHECK_MASTER,
                P + CHECK_MASTER,
                P + "ip addr show | grep 10.32.88.100",
                P + START,
                P + SHOW);
        JsonNode lab = labState(CLUSTER);
        assertThat(lab.get("active").asText()).isEqualTo("compass-reserve");
        assertThat(node("compass-reserve").get("lsyncdRunning").asBoolean()).isTrue();
        assertThat(node("compass-primary").get("lsyncdRunning").asBoolean()).isFalse();
        assertThat(node("compass-primary").get("replication").asText()).isEqualTo("RUNNING");
        assertThat(node("compass-reserve").get("replication").asText()).isEqualTo("STOPPED");
    }

    @Test
    void failoverHealthCheckFindsLsyncdOnBothServersAndEscalates() {
        injectFault(CLUSTER, "lsyncd-on-both");

        String id = startRun(CLUSTER, "compass-failover-health-check", "{" + FAST + "}");
        JsonNode support = awaitTask("Task_ContactSupport");
        assertThat(get("/engine-rest/task/" + support.get("id").asText() + "/form-variables").json()
                .at("/failure/value").asText()).contains("lsyncd runs on the inactive reserve");
        completeTask(support, Map.of("supportTicket", "SUP-7"));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_EscalatedToSupport");
        assertThat(journalCommands(id)).containsExactly(
                P + "ip addr show | grep 10.32.88.100",
                R + "ip addr show | grep 10.32.88.100",
                P + "sudo systemctl status lsyncd",
                R + "sudo systemctl status lsyncd",
                P + LABELS,
                R + LABELS,
                R + SHOW);
        assertThat(labState(CLUSTER).get("vipHolders")).hasSize(1);
        assertThat(node("compass-reserve").get("lsyncdRunning").asBoolean()).isTrue();
    }

    @Test
    void replicationDiagnosticsResetsAndRestartsTheBrokenReplicaOnTheReserve() {
        injectFault(CLUSTER, "replication-broken");

        String id = startRun(CLUSTER, "compass-replication-diagnostics", "{" + FAST + "}");
        completeTask(awaitTask("Task_ConfirmReset"), Map.of("confirmed", true));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                P + LABELS,
                R + LABELS,
                P + CHECK_MASTER,
                R + CHECK_MASTER,
                R + SHOW,
                R + CHECK_MASTER,
                R + RESET,
                R + START,
                R + SHOW);
        assertThat(node("compass-reserve").get("replication").asText()).isEqualTo("RUNNING");
        assertThat(node("compass-reserve").get("replicationError").asText()).isEmpty();
    }

    @Test
    void recoveryAfterAPrimaryFailureCatchesThePrimaryUpWithLsyncdLeftOff() {
        injectFault(CLUSTER, "after-primary-failure");

        String id = startRun(CLUSTER, "compass-recover-after-primary-failure", "{" + FAST + "}");

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        var commands = journalCommands(id);
        assertThat(commands.subList(0, 6)).containsExactly(
                P + "ip addr show | grep 10.32.88.100",
                R + "ip addr show | grep 10.32.88.100",
                P + "sudo systemctl status lsyncd",
                P + CHECK_MASTER,
                P + RESET,
                P + START);
        assertThat(commands.subList(6, commands.size() - 1)).isNotEmpty().allMatch((P + SHOW)::equals);
        assertThat(commands.get(commands.size() - 1)).isEqualTo(P + "sudo systemctl status lsyncd");
        assertThat(labState(CLUSTER).get("active").asText()).isEqualTo("compass-reserve");
        JsonNode primary = node("compass-primary");
        assertThat(primary.get("replication").asText()).isEqualTo("RUNNING");
        assertThat(primary.get("secondsBehind").asLong()).isZero();
        assertThat(primary.get("lsyncdRunning").asBoolean()).isFalse();
    }
}
