package io.harunbooks.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Log-in everywhere, and bad start requests refused with what was wrong, before anything runs. */
class ApiSecurityIT extends LabApplication {

    private static final List<String> PROTECTED_GETS = List.of(
            "/api/runbooks",
            "/api/runs/123/journal",
            "/api/lab/clusters/msg-lab",
            "/engine-rest/process-definition",
            "/engine-rest/task",
            "/camunda/api/engine/engine/default/process-definition");

    @Test
    void everyEndpointWithoutCredentialsIs401() {
        for (String path : PROTECTED_GETS) {
            assertThat(get(path, null, null).status()).as("GET " + path).isEqualTo(401);
        }
        assertThat(post("/api/runbooks/controller-split-brain/runs", "{\"cluster\":\"msg-lab\"}", null, null).status())
                .isEqualTo(401);
        assertThat(post("/api/lab/clusters/msg-lab/faults/two-masters", "", null, null).status()).isEqualTo(401);
        assertThat(post("/engine-rest/process-definition/key/controller-split-brain/start", "{}", null, null)
                .status()).isEqualTo(401);
        assertThat(runtimeService.createProcessInstanceQuery().count()).isZero();
    }

    @Test
    void unknownUserOrWrongPasswordIs401() {
        assertThat(get("/api/runbooks", "mallory", "demo").status()).isEqualTo(401);
        assertThat(get("/engine-rest/task", "mallory", "x").status()).isEqualTo(401);
    }

    @Test
    void withCredentialsTheCatalogListsStartableRunbooksAndTheirVariables() {
        Response r = get("/api/runbooks");

        assertThat(r.status()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        r.json().forEach(rb -> keys.add(rb.get("key").asText()));
        assertThat(keys).contains("controller-split-brain", "controller-replica-rebuild")
                .doesNotContain("escalate-to-support");
        JsonNode rebuild = find(r.json(), "controller-replica-rebuild");
        assertThat(rebuild.at("/variables/0/name").asText()).isEqualTo("node");
        assertThat(rebuild.at("/variables/0/kind").asText()).isEqualTo("host:controller");
        assertThat(get("/engine-rest/process-definition").status()).isEqualTo(200);
    }

    @Test
    void theLabDemoUserIsAnOperatorSoRunbookTasksReachIt() {
        JsonNode groups = get("/engine-rest/group?member=demo").json();
        List<String> ids = new ArrayList<>();
        groups.forEach(g -> ids.add(g.get("id").asText()));

        assertThat(ids).contains("operators", "camunda-admin");
    }

    @Test
    void aShellMetacharacterInAVariableIsRefusedBeforeAnythingRuns() {
        int commandsBefore = labCommandCount();

        Response r = post("/api/runbooks/controller-replica-rebuild/runs",
                "{\"cluster\": \"msg-lab\", \"variables\": {\"node\": \"vkt04; rm -rf /data\"}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/details/0").asText()).contains("variable 'node'")
                .contains("characters that are not allowed");
        assertThat(runtimeService.createProcessInstanceQuery().count()).isZero();
        assertThat(labCommandCount()).isEqualTo(commandsBefore);
    }

    /** A start refused for its variables is a 400 with the reason there too (EngineRestConfiguration). */
    @Test
    void startsThroughTheEnginesOwnRestApiAreCheckedAsWell() {
        int commandsBefore = labCommandCount();
        String start = "/engine-rest/process-definition/key/controller-replica-rebuild/start";

        Response hostile = post(start, "{\"businessKey\": \"msg-lab\", \"variables\": "
                + "{\"node\": {\"value\": \"vkt04; rm -rf /data\"}}}");
        assertThat(hostile.status()).isEqualTo(400);
        assertThat(hostile.body()).contains("cannot start runbook 'controller-replica-rebuild': variable 'node'")
                .contains("characters that are not allowed");

        Response missing = post(start, "{\"businessKey\": \"msg-lab\"}"); // as Tasklist's start without a form
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("variable 'node' is required");

        Response notAHost = post(start, "{\"businessKey\": \"msg-lab\", \"variables\": {\"node\": {\"value\": \"vkt09\"}}}");
        assertThat(notAHost.status()).isEqualTo(400);
        assertThat(notAHost.body()).contains("is not a host of cluster 'msg-lab'");
        assertThat(runtimeService.createProcessInstanceQuery().count()).isZero();
        assertThat(labCommandCount()).isEqualTo(commandsBefore);

        assertThat(notAHost.json().get("type").asText()).isEqualTo("NotValidException");
        // other failures keep Camunda's answers
        assertThat(post("/engine-rest/process-definition/key/no-such-runbook/start", "{}").status()).isEqualTo(404);

        Response valid = post(start, "{\"businessKey\": \"msg-lab\", \"variables\": {\"node\": {\"value\": \"vkt04\"}}}");
        assertThat(valid.status()).as(valid.body()).isEqualTo(200);
    }

    @Test
    void badStartRequestsSayWhatIsWrong() {
        Response unknown = post("/api/runbooks/no-such-runbook/runs", "{\"cluster\": \"msg-lab\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("no-such-runbook");

        Response missing = post("/api/runbooks/controller-replica-rebuild/runs", "{\"cluster\": \"nowhere\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("details").toString()).contains("cluster 'nowhere' is not in the inventory");

        Response noNode = post("/api/runbooks/controller-replica-rebuild/runs",
                "{\"cluster\": \"msg-lab\", \"variables\": {\"nod\": \"vkt04\"}}");
        assertThat(noNode.status()).isEqualTo(400);
        assertThat(noNode.json().get("details").toString()).contains("variable 'node' is required")
                .contains("variable 'nod' is not declared");

        Response notController = post("/api/runbooks/controller-replica-rebuild/runs",
                "{\"cluster\": \"msg-lab\", \"variables\": {\"node\": \"vkt09\"}}");
        assertThat(notController.status()).isEqualTo(400);
        assertThat(notController.json().get("details").toString()).contains("is not a host of cluster 'msg-lab'");

        Response malformed = post("/api/runbooks/controller-split-brain/runs", "{\"cluster\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).contains("not valid JSON");
        assertThat(runtimeService.createProcessInstanceQuery().count()).isZero();
    }

    @Test
    void aSecondRunOnTheSameClusterIsAConflict() {
        Response first = post("/api/runbooks/controller-split-brain/runs", "{\"cluster\": \"msg-lab\"}");
        assertThat(first.status()).isEqualTo(201);

        Response second = post("/api/runbooks/controller-replica-rebuild/runs",
                "{\"cluster\": \"msg-lab\", \"variables\": {\"node\": \"vkt04\"}}");

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("details").toString()).contains(first.json().get("id").asText());
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("msg-lab").count())
                .isEqualTo(1);
    }

    private int labCommandCount() {
        int n = 0;
        for (JsonNode node : get("/api/lab/clusters/msg-lab").json().get("nodes")) {
            n += node.get("recentCommands").size();
        }
        return n;
    }

    private static JsonNode find(JsonNode list, String key) {
        for (JsonNode rb : list) {
            if (rb.get("key").asText().equals(key)) {
                return rb;
            }
        }
        throw new AssertionError("no runbook " + key + " in " + list);
    }
}
