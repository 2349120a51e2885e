package io.harunbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Plan mode over REST on the lab: a plan does not occupy its cluster, and its journal shows the plan. */
class PlanModeEndToEndIT extends LabApplication {

    @Test
    void aPlanRunsItsChecksPlansItsChangesAndLeavesTheClusterFreeForARealRun() {
        injectFault("kust-replica-failed");
        Response plan = post("/api/runbooks/kust-replica-resync/runs", """
                {"cluster": "msg-lab", "dryRun": true, "variables": {"service": "cox", "instance": "cox-1"}}""");
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        String planId = plan.json().get("id").asText();
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(planId).singleResult()
                .getBusinessKey()).isEqualTo("plan:msg-lab");

        completeTask(awaitTask("Task_ConfirmClean"), Map.of("confirmed", true));
        assertThat(awaitEnd(planId)).containsExactly("EndEvent_Recovered");

        List<String> planned = new ArrayList<>();
        for (JsonNode e : get("/api/runs/" + planId + "/journal").json()) {
            if (e.get("kind").asText().equals("PLANNED")) {
                planned.add(e.get("host").asText() + ": " + e.get("command").asText());
            }
        }
        assertThat(planned).containsExactly("vkt04: clean_kust_replica.sh cox-1");
        assertThat(journalCommands(planId)).containsExactly("vkt03: ic map cox", "vkt03: ic map cox");
        assertThat(labState().at("/services/kust/cox/cleans").asInt()).isZero();

        // a plan waiting for a person does not block a real run on the cluster
        String secondPlan = post("/api/runbooks/kust-replica-resync/runs", """
                {"cluster": "msg-lab", "dryRun": true, "variables": {"service": "cox", "instance": "cox-1"}}""")
                .json().get("id").asText();
        awaitTask("Task_ConfirmClean");
        String real = startRun("kust-replica-resync", "{\"service\": \"cox\", \"instance\": \"cox-1\"}");
        assertThat(real).isNotEqualTo(secondPlan);
    }
}
