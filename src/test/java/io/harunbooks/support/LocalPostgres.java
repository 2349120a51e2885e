package io.harunbooks.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the PostgreSQL server of this machine (127.0.0.1:5432, trust authentication), dropped when the
 * JVM ends. Tests that need PostgreSQL use it; their Testcontainers twins use a container where Docker exists.
 */
public final class LocalPostgres {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";

    private LocalPostgres() {
    }

    /** Creates a database and returns its JDBC URL. */
    public static String createDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (IllegalStateException ignored) {
                // the server is gone: nothing to clean
            }
        }));
        return SERVER + name;
    }

    /** A fresh database as the application's datasource (for a test class re-run on PostgreSQL). */
    public static void registerAsDatasource(org.springframework.test.context.DynamicPropertyRegistry registry,
                                            String prefix) {
        String url = createDatabase(prefix);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> "");
    }

    /** Fails unless the application's database is PostgreSQL with the engine's and the journal's tables. */
    public static void assertIsTheDatabase(org.springframework.jdbc.core.JdbcTemplate jdbc) {
        org.assertj.core.api.Assertions.assertThat(jdbc.queryForObject("SELECT version()", String.class))
                .startsWith("PostgreSQL");
        org.assertj.core.api.Assertions.assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN ('act_ru_job', 'rb_journal')",
                Integer.class)).isEqualTo(2);
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER + " (user " + USER + "): " + e.getMessage()
                    + " — these tests need the local PostgreSQL server", e);
        }
    }
}
