package io.harunbooks.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}, installed by {@code .ci/run}) as a child
 * process on a free loopback port, without clustering, routing every alert to one webhook; and {@code amtool} to
 * talk to it. Its log (stderr) goes to a file in its temporary directory.
 */
public final class AlertmanagerProcess implements AutoCloseable {

    public static final String BINARY = "prometheus-alertmanager";
    public static final String AMTOOL = "amtool";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path dir;
    private final Path log;
    private final int port;
    private final Path amtool;

    private AlertmanagerProcess(Process process, Path dir, Path log, int port, Path amtool) {
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.port = port;
        this.amtool = amtool;
    }

    /**
     * Starts Alertmanager with a single route ({@code group_by: [alertname, cluster]}, group wait and interval 1 s,
     * repeat interval 1 h) to a webhook with a bearer token and resolved notifications, and waits until it is ready.
     * Fails (never skips) when the binaries are missing.
     */
    public static AlertmanagerProcess start(String webhookUrl, String bearerToken) throws IOException {
        Path binary = require(BINARY);
        Path amtool = require(AMTOOL);
        Path dir = Files.createTempDirectory("ha-runbooks-alertmanager-");
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: ha-runbooks
                  group_by: ['alertname', 'cluster']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: ha-runbooks
                    webhook_configs:
                      - url: '%s'
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: '%s'
                """.formatted(webhookUrl, bearerToken), StandardCharsets.UTF_8);
        Path storage = Files.createDirectories(dir.resolve("data"));
        Path log = dir.resolve("alertmanager.log");
        int port = freeLoopbackPort();
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.path=" + storage,
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        AlertmanagerProcess am = new AlertmanagerProcess(process, dir, log, port, amtool);
        try {
            am.awaitReady(Duration.ofSeconds(30));
        } catch (RuntimeException | Error e) {
            am.close();
            throw e;
        }
        return am;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Runs {@code amtool --alertmanager.url=<this> <args>}; fails with its output unless it exits 0 within 30 s. */
    public String amtool(String... args) {
        List<String> command = new ArrayList<>(List.of(amtool.toString(), "--alertmanager.url=" + url()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "amtool-", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("amtool did not finish within 30 s: " + command);
            }
            String output = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new AssertionError("amtool exited " + p.exitValue() + ": " + command + "\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Alertmanager's own log so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    public Path logFile() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Alertmanager exited with " + process.exitValue() + " before it was ready; "
                        + "its log:\n" + log());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("Alertmanager at " + url() + " not ready after " + timeout + " (last: " + last
                + "); its log:\n" + log());
    }

    /** The executable on the PATH (or in /usr/bin); an assertion failure naming {@code .ci/run} when it is missing. */
    private static Path require(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(d, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("'" + name + "' is not installed (not on the PATH nor in /usr/bin): this test runs a "
                + "real Alertmanager. .ci/run installs prometheus-alertmanager (Debian package, with amtool); "
                + "install it with 'apt-get install prometheus-alertmanager' or run .ci/run.");
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
