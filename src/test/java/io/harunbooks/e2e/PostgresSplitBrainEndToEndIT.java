package io.harunbooks.e2e;

import io.harunbooks.support.LabApplicationClient;
import io.harunbooks.support.LocalPostgres;
import io.harunbooks.support.SplitBrainScenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation's acceptance scenario with the engine (and the journal) on PostgreSQL — the local server, a fresh
 * database — as the {@code postgres} profile configures it in production.
 */
@DirtiesContext // a context of its own: closed after the class, so its job executor and lab stop with it
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"lab", "postgres"})
class PostgresSplitBrainEndToEndIT extends LabApplicationClient {

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        registerLab(registry, LocalPostgres.createDatabase("ha_runbooks_it"), LocalPostgres.USER, "");
    }

    @Test
    void operatorResolvesSplitBrainOnPostgres() {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");

        SplitBrainScenario.resolveKeepingVkt04(this);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM RB_JOURNAL WHERE KIND = 'COMMAND'", Integer.class))
                .isEqualTo(9);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE END_ACT_ID_ = 'EndEvent_Recovered'",
                Integer.class)).isEqualTo(1);
    }
}
