package io.harunbooks.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harunbooks.HaRunbooksApplication;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * The application in a JVM of its own, started from the test's classpath: a second node of an engine cluster, or an
 * application a test kills with SIGKILL ({@link #kill()}) and starts again. Log-in as demo/demo (the admin user it is
 * given); its output goes to a log file that failures quote.
 */
public final class AppProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final Path log;
    private final int port;

    private AppProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the application with these extra arguments (Spring properties as {@code --name=value}) and waits until
     * its API answers.
     */
    public static AppProcess start(String name, List<String> arguments) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile(name + "-", ".log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the same classpath, without empty entries (which would put the working directory's bpmn/ on it twice)
        String classpath = String.join(File.pathSeparator, Arrays.stream(
                System.getProperty("java.class.path").split(File.pathSeparator)).filter(e -> !e.isBlank()).toList());
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
                classpath, HaRunbooksApplication.class.getName(),
                "--server.port=" + port,
                "--camunda.bpm.admin-user.id=demo",
                "--camunda.bpm.admin-user.password=demo"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(Files.createTempDirectory(name + "-").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AppProcess app = new AppProcess(process, log, port);
        app.awaitUp(name);
        return app;
    }

    private void awaitUp(String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited: " + Files.readString(log));
            }
            try {
                if (send("GET", "/api/runbooks", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        process.destroyForcibly();
        throw new AssertionError(name + " did not start within 120 s: " + Files.readString(log));
    }

    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "demo:demo".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request that must answer {@code status}; returns the body as JSON (null when empty). */
    public JsonNode call(String method, String path, String json, int status) throws IOException, InterruptedException {
        HttpResponse<String> r = send(method, path, json);
        if (r.statusCode() != status) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + " (expected " + status
                    + "): " + r.body());
        }
        return r.body().isBlank() ? null : JSON.readTree(r.body());
    }

    /** Polls a GET until its JSON answer satisfies the condition. */
    public JsonNode await(String path, Duration timeout, Predicate<JsonNode> condition)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "none";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send("GET", path, null);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && condition.test(JSON.readTree(r.body()))) {
                return JSON.readTree(r.body());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting on " + path + "; last answer: " + last);
    }

    /** SIGKILL, as kill -9: no shutdown hook, no transaction completed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public int port() {
        return port;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
