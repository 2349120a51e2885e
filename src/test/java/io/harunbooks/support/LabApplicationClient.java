package io.harunbooks.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * HTTP helpers for tests that run the whole application with the lab on a random port ({@link LabApplication} and
 * tests with a context of their own), and the properties that put the lab in a temporary directory on ephemeral
 * ports with an in-memory engine database.
 */
public abstract class LabApplicationClient {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected RuntimeService runtimeService;

    @Autowired
    private ProcessEngine processEngine;

    /**
     * Camunda's REST API and its authentication filter find the engine through the JVM-wide registry
     * ({@link ProcessEngines}), where the engine of the application context created last, or none once that one is
     * closed, stands under the name "default". Spring keeps several test contexts alive in one JVM, so each test
     * makes its own context's engine the default before it calls {@code /engine-rest}.
     */
    @BeforeEach
    void makeThisContextsEngineTheDefault() {
        ProcessEngines.registerProcessEngine(processEngine);
    }

    /**
     * The lab's properties: its files in a new temporary directory, its SSH hosts on ephemeral ports, the engine on
     * the in-memory H2 database {@code database} (one name per application context).
     */
    public static void registerLab(DynamicPropertyRegistry registry, String database) throws IOException {
        registerLab(registry, "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** The lab's files in a new temporary directory and its SSH hosts on ephemeral ports. */
    public static void registerLabFiles(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("ha-runbooks-lab-");
        registry.add("runbooks.lab.dir", dir::toString);
        registry.add("runbooks.lab.port", () -> "0");
    }

    /** The lab's properties with the engine on the database at {@code jdbcUrl} (PostgreSQL, say). */
    public static void registerLab(DynamicPropertyRegistry registry, String jdbcUrl, String user, String password)
            throws IOException {
        registerLabFiles(registry);
        registry.add("spring.datasource.url", () -> jdbcUrl);
        registry.add("spring.datasource.username", () -> user);
        registry.add("spring.datasource.password", () -> password);
    }

    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    protected Response get(String path, String user, String password) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), user, password);
    }

    protected Response post(String path, String json, String user, String password) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)), user, password);
    }

    /** A webhook call: bearer token instead of a person's credentials (none when {@code token} is null). */
    protected Response postBearer(String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request, null, null);
    }

    protected Response get(String path) {
        return get(path, "demo", "demo");
    }

    protected Response post(String path, String json) {
        return post(path, json, "demo", "demo");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Response send(HttpRequest.Builder request, String user, String password) {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls a GET until the answer satisfies the condition, or fails after the timeout with the last answer. */
    protected JsonNode await(String path, Duration timeout, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (last.status() == 200 && condition.test(last.json())) {
                return last.json();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting on " + path + "; last answer: "
                + (last == null ? "none" : last.status() + " " + last.body()));
    }

    /** Starts a runbook over REST on the lab cluster; returns the run id. */
    protected String startRun(String runbook, String variablesJson) {
        return startRun("msg-lab", runbook, variablesJson);
    }

    /** Starts a runbook over REST on a lab cluster; returns the run id. */
    protected String startRun(String cluster, String runbook, String variablesJson) {
        Response started = post("/api/runbooks/" + runbook + "/runs",
                "{\"cluster\": \"" + cluster + "\", \"variables\": " + variablesJson + "}");
        if (started.status() != 201) {
            throw new AssertionError("start of " + runbook + " answered " + started.status() + ": " + started.body());
        }
        return started.json().get("id").asText();
    }

    /** Waits until exactly one open user task with that key exists (tests leave no runs behind), and returns it. */
    protected JsonNode awaitTask(String taskDefinitionKey) {
        JsonNode tasks = await("/engine-rest/task?taskDefinitionKey=" + taskDefinitionKey, Duration.ofSeconds(60),
                t -> t.size() == 1);
        return tasks.get(0);
    }

    /** Completes a task through the engine's REST API with string/boolean variables. */
    protected void completeTask(JsonNode task, java.util.Map<String, Object> variables) {
        StringBuilder json = new StringBuilder("{\"variables\": {");
        variables.forEach((k, v) -> json.append(json.charAt(json.length() - 1) == '{' ? "" : ",")
                .append('"').append(k).append("\": {\"value\": ")
                .append(v instanceof String ? "\"" + v + "\"" : v).append('}'));
        json.append("}}");
        Response r = post("/engine-rest/task/" + task.get("id").asText() + "/complete", json.toString());
        if (r.status() != 204) {
            throw new AssertionError("completing " + task.get("taskDefinitionKey").asText() + " answered "
                    + r.status() + ": " + r.body());
        }
    }

    /** Waits until the run has ended; returns the ids of the end events it reached. */
    protected java.util.List<String> awaitEnd(String processInstanceId) {
        await("/engine-rest/history/process-instance/" + processInstanceId, Duration.ofSeconds(90),
                h -> !"ACTIVE".equals(h.get("state").asText()));
        java.util.List<String> ends = new java.util.ArrayList<>();
        get("/engine-rest/history/activity-instance?processInstanceId=" + processInstanceId
                + "&activityType=noneEndEvent").json().forEach(a -> ends.add(a.get("activityId").asText()));
        return ends;
    }

    /** The run's commands from the journal, as {@code host: command}, in order. */
    protected java.util.List<String> journalCommands(String processInstanceId) {
        java.util.List<String> commands = new java.util.ArrayList<>();
        for (JsonNode e : get("/api/runs/" + processInstanceId + "/journal").json()) {
            if (e.get("kind").asText().equals("COMMAND")) {
                commands.add(e.get("host").asText() + ": " + e.get("command").asText());
            }
        }
        return commands;
    }

    protected JsonNode labState() {
        return labState("msg-lab");
    }

    protected JsonNode labState(String cluster) {
        return get("/api/lab/clusters/" + cluster).json();
    }

    protected void injectFault(String fault) {
        injectFault("msg-lab", fault);
    }

    protected void injectFault(String cluster, String fault) {
        Response r = post("/api/lab/clusters/" + cluster + "/faults/" + fault, "");
        if (r.status() != 200) {
            throw new AssertionError("fault " + fault + ": " + r.status() + " " + r.body());
        }
    }
}
