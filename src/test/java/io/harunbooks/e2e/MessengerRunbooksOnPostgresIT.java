package io.harunbooks.e2e;

import io.harunbooks.support.LocalPostgres;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The messenger runbooks end to end again, with the engine, the journal and the alert store on PostgreSQL (the
 * local server, a fresh database) as the {@code postgres} profile configures them.
 */
@ActiveProfiles({"lab", "postgres"})
@DirtiesContext
class MessengerRunbooksOnPostgresIT extends MessengerRunbooksEndToEndIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LocalPostgres.registerAsDatasource(registry, "ha_runbooks_messenger");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @org.junit.jupiter.api.Test
    void theEngineAndTheJournalAreOnPostgres() {
        LocalPostgres.assertIsTheDatabase(jdbc);
    }
}
