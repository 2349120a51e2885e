package io.harunbooks.engine;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabClientKey;
import io.harunbooks.lab.SimulatedHost;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step that runs longer than the job lock (2 s here, 5 minutes by default) is not acquired and run a second time
 * while it is still running: the lock is kept for it. Real job executor, real SSH to a host that takes 5 s.
 */
@DirtiesContext // a context of its own: closed after the class, so its job executor and lab stop with it
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.lock-time-in-millis=2000",
        "camunda.bpm.admin-user.password=lock-admin",
        "spring.datasource.url=jdbc:h2:mem:job-lock;DB_CLOSE_DELAY=-1"})
class JobLockIT {

    private static final AtomicInteger RECEIVED = new AtomicInteger();
    private static SimulatedHost worker;

    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void slowHost(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("ha-runbooks-lock-");
        LabClientKey key = LabClientKey.loadOrCreate(dir);
        worker = new SimulatedHost("worker", "127.0.10.41", 0, dir.resolve("worker.ser"), key.publicKey(), (command, stdin) -> {
            if (!command.equals("long-running-step")) {
                return LabAnswer.notFound(command);
            }
            RECEIVED.incrementAndGet();
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return LabAnswer.ok("done\n");
        });
        worker.start();
        Files.writeString(dir.resolve("known_hosts"), worker.knownHostsLine() + "\n");
        Files.writeString(dir.resolve("inventory.yaml"), """
                knownHosts: known_hosts
                clusters:
                  - name: lock-test
                    hosts:
                      - {name: worker, address: 127.0.10.41, port: %d, user: root, privateKey: id_lab, roles: [node]}
                """.formatted(worker.port()));
        registry.add("runbooks.inventory.path", () -> dir.resolve("inventory.yaml").toString());
    }

    @AfterAll
    static void stop() {
        worker.close();
    }

    @Test
    void aStepLongerThanTheJobLockRunsOnce() throws InterruptedException {
        repository.createDeployment().addClasspathResource("bpmn-test/long-step.bpmn").name("test-long-step").deploy();

        String id = runtime.createProcessInstanceByKey("test-long-step").businessKey("lock-test")
                .setVariable("cluster", "lock-test").execute().getId();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline
                && history.createHistoricProcessInstanceQuery().processInstanceId(id).finished().count() == 0) {
            Thread.sleep(200);
        }
        Thread.sleep(3000); // a second acquisition would have happened by now

        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getEndActivityId())
                .isEqualTo("EndEvent_Done");
        assertThat(RECEIVED.get()).as("times the host received the command").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM RB_JOURNAL WHERE PROC_INST_ID = ?", Integer.class, id))
                .isEqualTo(1);
    }
}
