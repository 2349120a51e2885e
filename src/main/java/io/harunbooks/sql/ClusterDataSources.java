package io.harunbooks.sql;

import io.harunbooks.engine.NonRetriableException;
import io.harunbooks.inventory.Database;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * JDBC connections to the databases of the inventory, opened per query (runbook steps are rare; a pool would keep
 * connections to hosts a runbook is about to fence). Every connection carries a connect and a socket timeout, so a
 * hung server cannot hold a job beyond its step's timeout. The password is resolved from its reference
 * ({@code env:NAME}, {@code file:/path}, {@code none}) when the connection is opened and goes nowhere else: not into
 * variables, logs, exception messages or the journal.
 */
@Component
public class ClusterDataSources {

    /** Extra time the socket timeout allows beyond the query timeout, so the server's own timeout answers first. */
    private static final Duration SOCKET_MARGIN = Duration.ofSeconds(5);

    private final SqlProperties properties;
    private final UnaryOperator<String> environment;

    @Autowired
    public ClusterDataSources(SqlProperties properties) {
        this(properties, System::getenv);
    }

    /** With another source of environment variables (tests). */
    public ClusterDataSources(SqlProperties properties, UnaryOperator<String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    public SqlProperties properties() {
        return properties;
    }

    /** Work on an open connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Opens a connection whose statements may run {@code queryTimeout}, does the work, closes it. A failure (connect,
     * authentication, timeout, SQL error) is a {@link SqlQueryException} naming the database, its host and URL and
     * the driver's reason, with the password masked should a driver ever echo it.
     */
    public <T> T query(Database db, Duration queryTimeout, SqlWork<T> work) {
        String password = password(db);
        Connection connection = open(db, queryTimeout, password);
        try (connection) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw SqlQueryException.of("query on database " + db.name() + " on host " + db.host() + " ("
                    + db.url() + ") failed", e, password);
        }
    }

    private Connection open(Database db, Duration queryTimeout, String password) {
        Properties props = new Properties();
        props.setProperty("user", db.user());
        if (password != null) {
            props.setProperty("password", password);
        }
        long connectMs = properties.connectTimeout().toMillis();
        long socketMs = queryTimeout.plus(SOCKET_MARGIN).toMillis();
        if (db.url().startsWith("jdbc:postgresql:")) {
            // PgJDBC counts seconds
            props.setProperty("connectTimeout", Long.toString(Math.max(1, (connectMs + 999) / 1000)));
            props.setProperty("socketTimeout", Long.toString(Math.max(1, (socketMs + 999) / 1000)));
        } else {
            props.setProperty("connectTimeout", Long.toString(connectMs));
            props.setProperty("socketTimeout", Long.toString(socketMs));
        }
        try {
            return DriverManager.getConnection(db.url(), props);
        } catch (SQLException e) {
            throw SqlQueryException.of("cannot connect to database " + db.name() + " on host " + db.host() + " ("
                    + db.url() + ")", e, password);
        }
    }

    /** The password a reference points at, trimmed; null for {@code none}. */
    String password(Database db) {
        String ref = db.passwordRef();
        if (ref == null || ref.equals(Database.NONE)) {
            return null;
        }
        if (ref.startsWith(Database.ENV)) {
            String name = ref.substring(Database.ENV.length());
            String value = environment.apply(name);
            if (value == null) {
                throw new NonRetriableException("database " + db.name() + " on host " + db.host()
                        + ": its password comes from the environment variable " + name + ", which is not set");
            }
            return value.trim();
        }
        if (ref.startsWith(Database.FILE)) {
            Path file = Path.of(ref.substring(Database.FILE.length()));
            try {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new NonRetriableException("database " + db.name() + " on host " + db.host()
                        + ": cannot read its password file " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new NonRetriableException("database " + db.name() + " on host " + db.host()
                + ": password reference is neither env:NAME, file:/path nor none");
    }
}
