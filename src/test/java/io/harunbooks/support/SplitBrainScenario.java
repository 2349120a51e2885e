package io.harunbooks.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.harunbooks.lab.messenger.MessengerSimulation.COPY_DATA_ASIDE;
import static io.harunbooks.lab.messenger.MessengerSimulation.DISABLE;
import static io.harunbooks.lab.messenger.MessengerSimulation.IPROS_CLUSTER_SHOW;
import static io.harunbooks.lab.messenger.MessengerSimulation.REPLICATE;
import static io.harunbooks.lab.messenger.MessengerSimulation.STOP;
import static io.harunbooks.lab.messenger.MessengerSimulation.TOPO_CHECK;
import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation's acceptance scenario over real HTTP and real SSH, shared by the runs on H2 and on PostgreSQL: the
 * lab's controllers both become master, a run is started over REST, the person keeps vkt04 through the task API, and
 * the lab ends with vkt04 alone master while the journal holds the seed's commands, in the seed's order, on the
 * right hosts.
 */
public final class SplitBrainScenario {

    private SplitBrainScenario() {
    }

    public static void resolveKeepingVkt04(LabApplicationClient app) {

        assertThat(app.post("/api/lab/clusters/msg-lab/faults/two-masters", "").status()).isEqualTo(200);

        LabApplicationClient.Response started = app.post("/api/runbooks/controller-split-brain/runs", "{\"cluster\": \"msg-lab\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().get("id").asText();
        assertThat(started.json().get("cockpit").asText()).endsWith("/camunda/app/cockpit/default/#/process-instance/"
                + id + "/runtime");

        JsonNode tasks = app.await("/engine-rest/task?processInstanceId=" + id, Duration.ofSeconds(60),
                t -> t.size() == 1);
        JsonNode task = tasks.get(0);
        assertThat(task.get("taskDefinitionKey").asText()).isEqualTo("Task_ChooseMaster");
        String taskId = task.get("id").asText();
        JsonNode form = app.get("/engine-rest/task/" + taskId + "/form-variables").json();
        assertThat(form.at("/nodeAOutput/value").asText())
                .isEqualTo(fixture("messenger/ipros-cluster-show/two-masters-vkt03.txt"));
        assertThat(form.at("/nodeBOutput/value").asText())
                .isEqualTo(fixture("messenger/ipros-cluster-show/two-masters-vkt04.txt"));
        assertThat(app.get("/engine-rest/task/" + taskId + "/deployed-form").status()).isEqualTo(200);

        LabApplicationClient.Response completed = app.post("/engine-rest/task/" + taskId + "/complete",
                "{\"variables\": {\"master\": {\"value\": \"vkt04\", \"type\": \"String\"}}}");
        assertThat(completed.status()).as(completed.body()).isEqualTo(204);

        app.await("/engine-rest/history/process-instance/" + id, Duration.ofSeconds(60),
                h -> "COMPLETED".equals(h.get("state").asText()));
        JsonNode end = app.get("/engine-rest/history/activity-instance?processInstanceId=" + id
                + "&activityType=noneEndEvent").json();
        List<String> ends = new ArrayList<>();
        end.forEach(a -> ends.add(a.get("activityId").asText()));
        assertThat(ends).contains("EndEvent_Recovered").doesNotContain("EndEvent_EscalatedToSupport");

        JsonNode lab = app.get("/api/lab/clusters/msg-lab").json();
        JsonNode vkt03 = node(lab, "vkt03");
        JsonNode vkt04 = node(lab, "vkt04");
        assertThat(vkt04.get("role").asText()).isEqualTo("MAIN");
        assertThat(vkt04.get("running").asBoolean()).isTrue();
        assertThat(vkt03.get("role").asText()).isEqualTo("REPLICA");
        assertThat(vkt03.get("enabled").asBoolean()).isFalse();
        assertThat(lab.get("topologyOk").asBoolean()).isTrue();

        JsonNode journal = app.get("/api/runs/" + id + "/journal").json();
        List<String> commands = new ArrayList<>();
        String decidedBy = null;
        for (JsonNode e : journal) {
            if (e.get("kind").asText().equals("DECISION")) {
                decidedBy = e.get("actor").asText();
                assertThat(e.get("stdout").asText()).contains("master=vkt04");
            } else {
                commands.add(e.get("host").asText() + ": " + e.get("command").asText());
                assertThat(e.get("exitCode").asInt()).isZero();
            }
        }
        assertThat(decidedBy).isEqualTo("demo");
        assertThat(commands).containsExactly(
                "vkt03: " + IPROS_CLUSTER_SHOW,
                "vkt04: " + IPROS_CLUSTER_SHOW,
                "vkt03: " + IPROS_CLUSTER_SHOW,
                "vkt03: " + STOP,
                "vkt03: " + COPY_DATA_ASIDE,
                "vkt03: " + REPLICATE,
                "vkt03: " + DISABLE,
                "vkt03: " + TOPO_CHECK,
                "vkt03: " + IPROS_CLUSTER_SHOW);
        assertThat(journal.get(journal.size() - 1).get("actor").asText()).isEqualTo("demo");
        }

    private static JsonNode node(JsonNode lab, String name) {
        for (JsonNode n : lab.get("nodes")) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no node " + name + " in " + lab);
    }
}
