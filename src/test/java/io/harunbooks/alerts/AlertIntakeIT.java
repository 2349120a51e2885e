package io.harunbooks.alerts;

import io.harunbooks.support.Runs;
import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.Test;


import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks over real HTTP into the lab application: tokens, bodies, and the life of one alert. */
class AlertIntakeIT extends LabApplication {

    private static final String TOKEN = "lab-alertmanager-token";

    private Response webhook(String source, String body, String bearer) {
        return postBearer("/api/alerts/" + source, body, bearer);
    }

    private long runs() {
        return runtimeService.createProcessInstanceQuery().count();
    }

    @Test
    void webhooksNeedTheirSourcesTokenNotAPersonsPassword() {
        String body = fixture("alerts/alertmanager/firing-ctlr-no-replicas.json");

        assertThat(webhook("alertmanager", body, null).status()).isEqualTo(401);
        assertThat(webhook("alertmanager", body, "wrong").status()).isEqualTo(401);
        assertThat(webhook("alertmanager", body, "lab-zabbix-token").status()).isEqualTo(401);
        assertThat(post("/api/alerts/alertmanager", body, "demo", "demo").status()).isEqualTo(401);
        assertThat(webhook("nagios", body, TOKEN).status()).isEqualTo(401);
        assertThat(get("/api/alerts", null, null).status()).isEqualTo(401);
        assertThat(runs()).isZero();
    }

    @Test
    void malformedBodiesAre400AndRecordedAsRejected() {
        Response r = webhook("alertmanager", "{\"alerts\": [{\"status\": \"firing\", \"labels\": {}}]}", TOKEN);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("alerts[0].labels.alertname is required");
        assertThat(webhook("zabbix", "[]", "lab-zabbix-token").status()).isEqualTo(400);
        assertThat(runs()).isZero();
        JsonNode last = get("/api/alerts?limit=1").json().get(0);
        assertThat(last.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(last.get("detail").asText()).contains("must be a JSON object");
    }

    @Test
    void anAlertNoRuleKnowsIsRecordedAndAnswered202() {
        Response r = webhook("alertmanager", """
                {"version": "4", "alerts": [{"status": "firing", "fingerprint": "f-disk",
                 "labels": {"alertname": "NodeDiskFull", "cluster": "msg-lab"}}]}""", TOKEN);

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().at("/alerts/0/outcome").asText()).isEqualTo("NO_RULE");
        assertThat(r.json().at("/alerts/0/detail").asText()).isEqualTo("no rule");
        assertThat(runs()).isZero();
    }

    @Test
    void valuesThatCouldReachAShellAreRejectedBeforeAnythingStarts() {
        for (String node : new String[]{"vkt04;reboot", "$(reboot)", "`id`", "vkt04\\nrm -rf /", "x".repeat(300)}) {
            String line = "2 ctlr_topo_check - ctlr has no active replicas, check ctlr logs on " + node;
            Response r = webhook("checkmk", "{\"host\": \"vkt03\", \"lines\": [\"" + line + "\"]}", "lab-checkmk-token");
            assertThat(r.status()).as(node).isEqualTo(202);
            assertThat(r.json().at("/alerts/0/outcome").asText()).as(node).isIn("NO_RULE", "REJECTED");
        }
        Response labels = webhook("alertmanager", """
                {"version": "4", "alerts": [{"status": "firing", "fingerprint": "f-inj",
                 "labels": {"alertname": "ControllerSplitBrain", "cluster": "msg-lab; rm -rf /"}}]}""", TOKEN);
        assertThat(labels.json().at("/alerts/0/outcome").asText()).isEqualTo("REJECTED");
        assertThat(labels.json().at("/alerts/0/detail").asText()).contains("not a valid cluster name");
        assertThat(runs()).isZero();
    }

    @Test
    void oneAlertStartsOneRunRepeatsAreDeduplicatedItsResolutionIsAttachedAndAntiFlapHolds() {
        injectFault("replica-lost");
        String firing = fixture("alerts/alertmanager/firing-ctlr-no-replicas.json");

        Response first = webhook("alertmanager", firing, TOKEN);
        assertThat(first.status()).isEqualTo(202);
        JsonNode started = first.json().at("/alerts/0");
        assertThat(started.get("outcome").asText()).as(first.body()).isEqualTo("STARTED");
        assertThat(started.get("runbook").asText()).isEqualTo("controller-replica-rebuild");
        String runId = started.get("runId").asText();
        assertThat(runtimeService.getVariable(runId, "node")).isEqualTo("vkt04");
        assertThat(runtimeService.getVariable(runId, "trigger").toString()).startsWith("alert alertmanager ctlr_topo_check");

        Response repeat = webhook("alertmanager", firing, TOKEN);
        assertThat(repeat.json().at("/alerts/0/outcome").asText()).isEqualTo("DEDUPLICATED");
        assertThat(repeat.json().at("/alerts/0/runId").asText()).isEqualTo(runId);

        JsonNode task = awaitTask("Task_ConfirmRebuild");
        Response resolved = webhook("alertmanager", fixture("alerts/alertmanager/resolved-ctlr-no-replicas.json"), TOKEN);
        assertThat(resolved.json().at("/alerts/0/outcome").asText()).isEqualTo("RESOLVED_ATTACHED");
        assertThat(runtimeService.getVariable(runId, "alertResolved").toString()).contains("Alert resolved at");
        JsonNode comments = get("/engine-rest/task/" + task.get("id").asText() + "/comment").json();
        assertThat(comments.get(0).get("message").asText()).contains("Alert resolved").contains("check ctlr logs on vkt04");

        Runs.delete(runtimeService, runId, "operator decided the alert was transient");
        Response again = webhook("alertmanager", firing.replace("5b3e1f0c9a7d2e41", "5b3e1f0c9a7d2e42"), TOKEN);
        assertThat(again.json().at("/alerts/0/outcome").asText()).isEqualTo("ANTI_FLAP");
        assertThat(again.json().at("/alerts/0/detail").asText()).contains("start it by hand");
        assertThat(runs()).isZero();

        Response byHand = post("/api/runbooks/controller-replica-rebuild/runs",
                "{\"cluster\": \"msg-lab\", \"variables\": {\"node\": \"vkt04\"}}");
        assertThat(byHand.status()).isEqualTo(201);

        JsonNode record = get("/api/alerts?limit=4").json();
        assertThat(record.get(0).get("outcome").asText()).isEqualTo("ANTI_FLAP");
        assertThat(record.get(1).get("outcome").asText()).isEqualTo("RESOLVED_ATTACHED");
        assertThat(record.get(2).get("outcome").asText()).isEqualTo("DEDUPLICATED");
        assertThat(record.get(3).get("outcome").asText()).isEqualTo("STARTED");
        assertThat(record.get(3).get("runId").asText()).isEqualTo(runId);
    }
}
