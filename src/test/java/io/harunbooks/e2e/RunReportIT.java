package io.harunbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.harunbooks.lab.messenger.MessengerSimulation.COPY_DATA_ASIDE;
import static io.harunbooks.lab.messenger.MessengerSimulation.STOP;
import static org.assertj.core.api.Assertions.assertThat;

/** The run report over REST, as Markdown and as HTML, for a run and for a plan. */
class RunReportIT extends LabApplication {

    @Test
    void theReportOfARunShowsTriggerStepsCommandsDecisionsAndOutcome() {
        injectFault("two-masters");
        Response started = post("/api/runbooks/controller-split-brain/runs", "{\"cluster\": \"msg-lab\"}");
        String id = started.json().get("id").asText();
        assertThat(started.json().get("report").asText()).endsWith("/api/runs/" + id + "/report");
        assertThat(runtimeService.getVariable(id, "runReport")).isEqualTo("/api/runs/" + id + "/report?format=html");
        JsonNode task = awaitTask("Task_ChooseMaster");
        completeTask(task, Map.of("master", "vkt04", "decisionComment", "vkt04 got the role <first>"));
        assertThat(awaitEnd(id)).contains("EndEvent_Recovered");

        Response md = get("/api/runs/" + id + "/report?format=md");
        assertThat(md.status()).isEqualTo(200);
        assertThat(md.body()).startsWith("# Run: ")
                .contains("| runbook | `controller-split-brain` |")
                .contains("| cluster | msg-lab |")
                .contains("| trigger | api (started by demo) |")
                .contains("| outcome | recovered (EndEvent_Recovered) |")
                .contains("vkt03: " + STOP + " — exit 0")
                .contains("vkt03: " + COPY_DATA_ASIDE.replace("|", "\\|"))
                .contains("decision by demo: ")
                .contains("master=vkt04")
                .contains("## Incidents\n\nnone");
        assertThat(md.body().indexOf(STOP)).isLessThan(md.body().indexOf("--ctlr-repl"));

        Response html = get("/api/runs/" + id + "/report?format=html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).startsWith("<!DOCTYPE html>").contains("<table id=\"timeline\">")
                .contains("vkt03: systemctl stop ctlr-1")
                .contains("vkt04 got the role &lt;first&gt;").doesNotContain("role <first>");
        assertThat(get("/api/runs/" + id + "/report", "auditor", "auditor").status()).isEqualTo(200);
        assertThat(get("/api/runs/" + id + "/report?format=pdf").status()).isEqualTo(400);
        assertThat(get("/api/runs/nope/report").status()).isEqualTo(404);
    }

    @Test
    void theReportOfAPlanShowsThePlannedCommands() {
        injectFault("two-masters");
        String id = post("/api/runbooks/controller-split-brain/runs", "{\"cluster\": \"msg-lab\", \"dryRun\": true}")
                .json().get("id").asText();
        completeTask(awaitTask("Task_ChooseMaster"), Map.of("master", "vkt04"));
        awaitEnd(id);

        String md = get("/api/runs/" + id + "/report?format=md").body();
        assertThat(md).startsWith("# Plan: ")
                .contains("planned, not sent, on vkt03: " + STOP)
                .doesNotContain("vkt03: " + STOP + " — exit");
        assertThat(labState().at("/nodes/0/role").asText()).isEqualTo("MAIN");
        assertThat(labState().at("/nodes/1/role").asText()).isEqualTo("MAIN");
    }
}
