package io.harunbooks.support;

import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;

/**
 * The whole application with the lab profile, as {@code mvn spring-boot:run} starts it, on a random HTTP port, with
 * its SSH hosts on ephemeral ports and its files in a temporary directory, the engine on an in-memory H2 database
 * and the job executor running. Subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("lab")
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability // metrics exported as in production
// the database as a plain test property: a subclass's @DynamicPropertySource (PostgreSQL) takes precedence over it
// DRBD resyncs of the Ganeti lab in 3 s instead of 20 s (its runbooks poll every second in the tests)
@TestPropertySource(properties = {"spring.datasource.url=jdbc:h2:mem:lab-app;DB_CLOSE_DELAY=-1",
        "spring.datasource.username=sa", "spring.datasource.password=", "runbooks.lab.resync-time=3s"})
public abstract class LabApplication extends LabApplicationClient {

    @DynamicPropertySource
    static void labProperties(DynamicPropertyRegistry registry) throws IOException {
        registerLabFiles(registry);
    }

    @AfterEach
    void noRunLeftBehind() {
        Runs.deleteAll(runtimeService);
    }
}
