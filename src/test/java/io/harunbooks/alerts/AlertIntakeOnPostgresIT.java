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
        String url = LocalPostgres.createDatabase("ha_runbooks_alerts");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> LocalPostgres.USER);
        registry.add("spring.datasource.password", () -> "");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @org.junit.jupiter.api.Test
    void theEngineAndTheJournalAreOnPostgres() {
        org.assertj.core.api.Assertions.assertThat(jdbc.queryForObject("SELECT version()", String.class))
                .startsWith("PostgreSQL");
        org.assertj.core.api.Assertions.assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN ('act_ru_job', 'rb_journal')",
                Integer.class)).isEqualTo(2);
    }
}
