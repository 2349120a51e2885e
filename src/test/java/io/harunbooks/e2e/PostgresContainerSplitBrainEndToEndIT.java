package io.harunbooks.e2e;

import io.harunbooks.support.LabApplicationClient;
import io.harunbooks.support.SplitBrainScenario;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;

/**
 * The same scenario on a PostgreSQL container where Docker exists; skipped without Docker, when
 * {@link PostgresSplitBrainEndToEndIT} runs it on the local server instead.
 */
@Testcontainers(disabledWithoutDocker = true)
@DirtiesContext // a context of its own: closed after the class, so its job executor and lab stop with it
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"lab", "postgres"})
class PostgresContainerSplitBrainEndToEndIT extends LabApplicationClient {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:15");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        registerLab(registry, POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword());
    }

    @Test
    void operatorResolvesSplitBrainOnAPostgresContainer() {
        SplitBrainScenario.resolveKeepingVkt04(this);
    }
}
