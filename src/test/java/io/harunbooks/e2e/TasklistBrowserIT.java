package io.harunbooks.e2e;

import io.harunbooks.support.CamundaWebapps;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operator's path in a real browser: Debian's chromium driven by playwright-core ({@code src/test/browser/
 * tasklist.mjs}) logs in as demo, sees the running split-brain run's "Command journal" tab in Cockpit, opens the
 * decision in Tasklist with both controllers' outputs, keeps vkt04 and completes it, then finds the finished run
 * with its outcome and journal on Cockpit's "Runbook runs" page. Screenshots of every step go to
 * {@code target/browser-screenshots/}. Skipped, saying why, where chromium or node is missing.
 */
class TasklistBrowserIT extends LabApplication {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path BROWSER_TESTS = Path.of("src/test/browser");
    private static final Path SCREENSHOTS = Path.of("target/browser-screenshots");

    @BeforeAll
    static void browserAndNodeArePresent() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no Chromium at " + CHROMIUM
                + " (Debian package chromium; .ci/run installs it)");
        assumeTrue(runs(List.of("node", "--version")), "skipped: node is not on the PATH (Debian packages nodejs, npm)");
        if (!Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core"))) {
            Output npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", BROWSER_TESTS.toString()), 300);
            assertThat(npm.exit()).as("npm ci in " + BROWSER_TESTS + ":\n" + npm.text()).isZero();
        }
    }

    @BeforeEach
    void webappsOfThisContext() {
        CamundaWebapps.restoreRuntimeDelegates();
    }

    @Test
    void operatorDecidesInTasklistAndAuditsTheJournalInCockpit() throws Exception {
        injectFault("two-masters");
        Response started = post("/api/runbooks/controller-split-brain/runs", "{\"cluster\": \"msg-lab\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().get("id").asText();
        awaitTask("Task_ChooseMaster");
        deleteScreenshots();

        Output browser = run(List.of("node", BROWSER_TESTS.resolve("tasklist.mjs").toString(),
                "http://localhost:" + port, id, SCREENSHOTS.toString()), 240);

        assertThat(browser.exit()).as("tasklist.mjs:\n" + browser.text()).isZero();
        assertThat(awaitEnd(id)).contains("EndEvent_Recovered").doesNotContain("EndEvent_EscalatedToSupport");
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
        assertThat(get("/engine-rest/history/variable-instance?processInstanceId=" + id + "&variableName=master")
                .json().get(0).get("value").asText()).isEqualTo("vkt04");
        assertThat(labState().get("topologyOk").asBoolean()).isTrue();
        assertThat(browser.text()).contains("ok: the form shows both controllers' outputs")
                .contains("ok: the Command journal tab of the running instance")
                .contains("ok: Runbook runs lists the finished run with outcome \"recovered\"")
                .contains("ok: the finished run's journal shows systemctl stop ctlr-1")
                .contains("ok: the report link opens the run's report with the browser's session");
        List<String> expected = List.of("cockpit-login", "cockpit-running-journal-tab", "tasklist-list",
                "tasklist-choose-master", "tasklist-vkt04-chosen", "tasklist-completed", "cockpit-runbook-runs",
                "cockpit-finished-journal");
        try (Stream<Path> files = Files.list(SCREENSHOTS)) {
            List<Path> shots = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
            assertThat(shots).extracting(p -> p.getFileName().toString().replaceAll("^\\d+-|\\.png$", ""))
                    .containsExactlyElementsOf(expected);
            for (Path shot : shots) {
                assertThat(Files.size(shot)).as(shot.toString()).isGreaterThan(10_000);
                byte[] png = Files.readAllBytes(shot);
                assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).as(shot + " is a PNG").isEqualTo("PNG");
            }
        }
    }

    private static void deleteScreenshots() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        try (Stream<Path> files = Files.list(SCREENSHOTS)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
    }

    private record Output(int exit, String text) {
    }

    private static boolean runs(List<String> command) throws InterruptedException {
        try {
            return run(command, 30).exit() == 0;
        } catch (IOException notFound) {
            return false;
        }
    }

    /** Runs a command in the project directory, output and errors together, killed after {@code seconds}. */
    private static Output run(List<String> command, int seconds) throws IOException, InterruptedException {
        File log = File.createTempFile("browser-test-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Output(-1, "timed out after " + seconds + " s\n" + Files.readString(log.toPath()));
            }
            return new Output(p.exitValue(), Files.readString(log.toPath()));
        } finally {
            Files.deleteIfExists(log.toPath());
        }
    }
}
