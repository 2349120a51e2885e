package io.harunbooks.alerts;

import io.harunbooks.support.LocalPostgres;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Alert intake again (de-duplication, anti-flap, attachment), with the engine, the journal and the alert store on PostgreSQL (the
 * local server, a fresh database) as the {@code postgres} profile configures them.
 */
@ActiveProfiles({"lab", "postgres"})
@DirtiesContext
class AlertIntakeOnPostgresIT extends AlertIntakeIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LocalPostgres.registerAsDatasource(registry, "ha_runbooks_alerts");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @org.junit.jupiter.api.Test
    void theEngineAndTheJournalAreOnPostgres() {
        LocalPostgres.assertIsTheDatabase(jdbc);
    }
}
