package io.harunbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three SKOOR runbooks of seed 003 over real HTTP and real SSH against the lab cluster {@code skoor-lab}
 * (skoor1 original primary, skoor2 original standby): fault injected, run started over REST, decisions taken through
 * the task API, then the journal's commands (host and command, in order, called runs included) and the lab's state
 * asserted; and one escalation path.
 */
class SkoorRunbooksEndToEndIT extends LabApplication {

    private static final String CLUSTER = "skoor-lab";
    private static final String STATUS = "/opt/eranger/bin/eRanger.sh status";
    private static final String FORCED_SWITCH = "/opt/eranger/bin/eranger-server-replication.pl -f switch";
    private static final String CREATE_SLAVE = "/opt/eranger/bin/eranger-server-replication.pl createslave";

    @Test
    void switchToTheStandbyAfterTheConfirmationThatReplacesTheEnterPrompt() {
        injectFault(CLUSTER, "healthy");

        String id = startRun(CLUSTER, "skoor-switch", "{}");
        JsonNode confirm = awaitTask("Task_ConfirmSwitch");
        assertThat(formVariable(confirm, "currentStandby")).isEqualTo("skoor2");
        assertThat(formVariable(confirm, "currentStandbyStatus")).contains("stopped (postgresql slave)");
        completeTask(confirm, Map.of("confirmed", true));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "skoor1: " + STATUS,
                "skoor2: " + STATUS,
                "skoor2: " + STATUS,
                "skoor2: " + FORCED_SWITCH,
                "skoor2: " + STATUS,
                "skoor1: " + STATUS);
        JsonNode lab = labState(CLUSTER);
        assertThat(texts(lab.get("primaries"))).containsExactly("skoor2");
        assertThat(lab.get("vipHolder").asText()).isEqualTo("skoor2");
        assertThat(lab.get("replicating").asBoolean()).isFalse();
    }

    @Test
    void switchWithThePrimaryDownRunsOnTheStandbyAlone() {
        injectFault(CLUSTER, "primary-down");

        String id = startRun(CLUSTER, "skoor-switch", "{}");
        completeTask(awaitTask("Task_ConfirmSwitch"), Map.of("confirmed", true));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "skoor1: " + STATUS,
                "skoor2: " + STATUS,
                "skoor2: " + STATUS,
                "skoor2: " + FORCED_SWITCH,
                "skoor2: " + STATUS);
        assertThat(labState(CLUSTER).at("/nodes/1/master").asBoolean()).isTrue();
        assertThat(labState(CLUSTER).at("/nodes/0/master").asBoolean()).as("old primary still configured as primary")
                .isTrue();
    }

    @Test
    void createStandbyWhenAReturnIsPlanned() {
        injectFault(CLUSTER, "switched");

        String id = startRun(CLUSTER, "skoor-create-standby", "{}");
        completeTask(awaitTask("Task_DecideCreateStandby"), Map.of("returnPlanned", true));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "skoor1: " + STATUS,
                "skoor2: " + STATUS,
                "skoor1: " + STATUS,
                "skoor2: " + CREATE_SLAVE,
                "skoor1: " + STATUS);
        JsonNode lab = labState(CLUSTER);
        assertThat(lab.get("replicating").asBoolean()).isTrue();
        assertThat(texts(lab.get("primaries"))).containsExactly("skoor2");
    }

    @Test
    void failbackStopsTheBrokenOldPrimaryCreatesTheSlaveAndSwitchesBack() {
        injectFault(CLUSTER, "old-primary-broken");

        String id = startRun(CLUSTER, "skoor-failback", "{}");
        completeTask(awaitTask("Task_ConfirmFailback"), Map.of("confirmed", true));
        JsonNode confirmSwitch = awaitTask("Task_ConfirmSwitch");
        assertThat(formVariable(confirmSwitch, "currentStandby")).isEqualTo("skoor1");
        completeTask(confirmSwitch, Map.of("confirmed", true));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_Recovered");
        assertThat(journalCommands(id)).containsExactly(
                "skoor1: " + STATUS,
                "skoor2: " + STATUS,
                "skoor1: service eranger-server stop",
                "skoor1: service eranger-collector stop",
                "skoor1: service eranger-scheduler stop",
                "skoor1: " + STATUS,
                "skoor2: " + CREATE_SLAVE,
                "skoor1: " + STATUS,
                "skoor1: " + STATUS,
                "skoor2: " + STATUS,
                "skoor1: " + STATUS,
                "skoor1: " + FORCED_SWITCH,
                "skoor1: " + STATUS,
                "skoor2: " + STATUS);
        JsonNode lab = labState(CLUSTER);
        assertThat(texts(lab.get("primaries"))).containsExactly("skoor1");
        assertThat(lab.get("vipHolder").asText()).isEqualTo("skoor1");
        assertThat(lab.get("replicating").asBoolean()).isTrue();
    }

    @Test
    void switchWithReplicationStoppedOnTheStandbyEscalatesUntouched() {
        injectFault(CLUSTER, "replication-broken");

        String id = startRun(CLUSTER, "skoor-switch", "{}");
        JsonNode support = awaitTask("Task_ContactSupport");
        assertThat(formVariable(support, "failure")).contains("postgresql replication is stopped on the standby skoor2");
        completeTask(support, Map.of("supportTicket", "SUP-3"));

        assertThat(awaitEnd(id)).containsExactly("EndEvent_EscalatedToSupport");
        assertThat(journalCommands(id)).containsExactly("skoor1: " + STATUS, "skoor2: " + STATUS);
        assertThat(texts(labState(CLUSTER).get("primaries"))).containsExactly("skoor1");
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
