package io.harunbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Metrics at /actuator/prometheus, health at /actuator/health, the OpenAPI description of /api. */
class ObservabilityIT extends LabApplication {

    @Test
    void aRunShowsUpInThePrometheusMetrics() {
        injectFault("two-masters");
        String id = startRun("controller-split-brain", "{}");
        JsonNode task = awaitTask("Task_ChooseMaster");
        assertThat(runtimeService.getVariable(id, "progress")).isEqualTo("waiting for a person: Choose which controller stays master");
        Response scrape = get("/actuator/prometheus", null, null);
        assertThat(scrape.status()).as(scrape.body()).isEqualTo(200);
        String waiting = scrape.body();
        assertThat(metric(waiting, "runbooks_user_tasks_open")).isGreaterThanOrEqualTo(1);
        completeTask(task, Map.of("master", "vkt04"));
        assertThat(awaitEnd(id)).contains("EndEvent_Recovered");

        Response r = get("/actuator/prometheus", null, null);
        assertThat(r.status()).isEqualTo(200);
        String text = r.body();
        assertThat(metric(text, "runbooks_runs_started_total{runbook=\"controller-split-brain\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metric(text, "runbooks_runs_ended_total{outcome=\"recovered\",runbook=\"controller-split-brain\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric(text, "runbooks_commands_total{exit=\"0\",type=\"ssh-command\"}")).isGreaterThanOrEqualTo(9);
        assertThat(metric(text, "runbooks_step_duration_seconds_count{type=\"ssh-command\"}")).isGreaterThanOrEqualTo(9);
        assertThat(metric(text,
                "runbooks_user_task_wait_seconds_count{runbook=\"controller-split-brain\",task=\"Task_ChooseMaster\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(text).contains("runbooks_incidents_open").contains("runbooks_runs_active");
    }

    @Test
    void healthShowsTheEngineAndTheLab() {
        Response r = get("/actuator/health", null, null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode health = r.json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/lab/status").asText()).isEqualTo("UP");
        List<String> components = new ArrayList<>();
        health.get("components").fieldNames().forEachRemaining(components::add);
        assertThat(components).contains("lab", "db").anyMatch(c -> c.toLowerCase().contains("processengine"));
    }

    @Test
    void theApiIsDescribedInOpenApi() {
        Response r = get("/v3/api-docs", null, null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/info/title").asText()).isEqualTo("ha-runbooks API");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/runbooks", "/api/runbooks/{key}/runs", "/api/runs/{id}/journal",
                "/api/runs/{id}/report", "/api/alerts/alertmanager", "/api/alerts/zabbix", "/api/alerts/checkmk");
        assertThat(paths).allMatch(p -> p.startsWith("/api/"));
        assertThat(doc.at("/paths/~1api~1runbooks~1{key}~1runs/post/requestBody/content/application~1json/schema")
                .isMissingNode()).isFalse();
    }

    private static double metric(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + exposition.lines()
                        .filter(l -> l.startsWith("runbooks_")).toList()));
    }
}
