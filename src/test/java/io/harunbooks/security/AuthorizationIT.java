package io.harunbooks.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camunda authorization on the lab: operators start runbooks and decide their tasks; auditors read runs, their
 * journal and history, and can neither start nor decide; a user in neither group is refused (403) everywhere.
 */
class AuthorizationIT extends LabApplication {

    static final String START = "/api/runbooks/controller-split-brain/runs";
    static final String BODY = "{\"cluster\": \"msg-lab\"}";

    @Autowired
    IdentityService identity;

    @BeforeEach
    void outsider() {
        if (identity.createUserQuery().userId("outsider").singleResult() == null) {
            User u = identity.newUser("outsider");
            u.setPassword("outsider");
            identity.saveUser(u);
        }
    }

    @Test
    void anOperatorStartsARunbookAndDecidesItsTask() {
        injectFault("two-masters");
        Response started = post(START, BODY, "operator", "operator");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().get("id").asText();

        JsonNode task = awaitTask("Task_ChooseMaster");
        Response completed = post("/engine-rest/task/" + task.get("id").asText() + "/complete",
                "{\"variables\": {\"master\": {\"value\": \"vkt04\"}}}", "operator", "operator");
        assertThat(completed.status()).as(completed.body()).isEqualTo(204);
        assertThat(awaitEnd(id)).contains("EndEvent_Recovered");
        assertThat(get("/api/runs/" + id + "/journal", "operator", "operator").status()).isEqualTo(200);
    }

    @Test
    void anAuditorReadsRunsAndHistoryButCannotStartOrDecide() {
        injectFault("two-masters");
        String id = startRun("controller-split-brain", "{}");
        JsonNode task = awaitTask("Task_ChooseMaster");

        Response complete = post("/engine-rest/task/" + task.get("id").asText() + "/complete",
                "{\"variables\": {\"master\": {\"value\": \"vkt04\"}}}", "auditor", "auditor");
        assertThat(complete.status()).as(complete.body()).isEqualTo(403);
        assertThat(complete.body()).contains("auditor");
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult()).isNotNull();
        assertThat(get("/engine-rest/task/" + task.get("id").asText(), "demo", "demo").status()).isEqualTo(200);

        Response start = post(START, BODY, "auditor", "auditor");
        assertThat(start.status()).isEqualTo(403);
        assertThat(start.body()).contains("operators");
        assertThat(post("/engine-rest/process-definition/key/controller-split-brain/start", "{}", "auditor",
                "auditor").status()).isEqualTo(403);

        Response journal = get("/api/runs/" + id + "/journal", "auditor", "auditor");
        assertThat(journal.status()).isEqualTo(200);
        assertThat(journal.json().size()).isPositive();
        Response history = get("/engine-rest/history/process-instance?processInstanceId=" + id, "auditor", "auditor");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().size()).isEqualTo(1);
        assertThat(get("/engine-rest/task", "auditor", "auditor").json().size()).isZero();
        assertThat(runtimeService.createProcessInstanceQuery().count()).isEqualTo(1);
    }

    @Test
    void aUserInNeitherGroupIsRefused() {
        Response start = post(START, BODY, "outsider", "outsider");
        assertThat(start.status()).isEqualTo(403);
        assertThat(start.body()).contains("outsider").contains("operators");
        assertThat(get("/api/runbooks", "outsider", "outsider").status()).isEqualTo(403);
        assertThat(post("/api/lab/clusters/msg-lab/faults/two-masters", "", "outsider", "outsider").status())
                .isEqualTo(403);
        // the engine does not even show such a user the runbook: 404 rather than 403
        assertThat(post("/engine-rest/process-definition/key/controller-split-brain/start", "{}", "outsider",
                "outsider").status()).isEqualTo(404);
        assertThat(get("/engine-rest/process-definition", "outsider", "outsider").json().size()).isZero();
        assertThat(runtimeService.createProcessInstanceQuery().count()).isZero();
    }

    @Test
    void theLabHasASampleUserOfEachGroup() {
        assertThat(identity.createUserQuery().memberOfGroup(AuthorizationSetup.OPERATORS).list())
                .extracting(User::getId).contains("operator", "demo");
        assertThat(identity.createUserQuery().memberOfGroup(AuthorizationSetup.AUDITORS).list())
                .extracting(User::getId).contains("auditor");
        assertThat(Map.of("operator", identity.checkPassword("operator", "operator"),
                "auditor", identity.checkPassword("auditor", "auditor")))
                .containsEntry("operator", true).containsEntry("auditor", true);
    }
}
