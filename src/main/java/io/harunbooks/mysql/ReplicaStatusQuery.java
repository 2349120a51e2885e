package io.harunbooks.mysql;

import io.harunbooks.sql.NamedQuery;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named query {@code replica-status}: {@code SHOW REPLICA STATUS} where the server has it (MariaDB 10.5+,
 * MySQL 8.0.22+), else {@code SHOW SLAVE STATUS}; the row goes through {@link ReplicaStatusParser}.
 */
@Component
public class ReplicaStatusQuery implements NamedQuery<ReplicaStatus> {

    public static final String NAME = "replica-status";
    static final String SHOW_REPLICA = "SHOW REPLICA STATUS";
    static final String SHOW_SLAVE = "SHOW SLAVE STATUS";
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");

    private final ReplicaStatusParser parser = new ReplicaStatusParser();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String statement() {
        return SHOW_REPLICA;
    }

    @Override
    public ReplicaStatus skipped() {
        return ReplicaStatus.skipped();
    }

    @Override
    public Outcome<ReplicaStatus> run(Connection connection, Duration timeout) throws SQLException {
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
        try (Statement st = connection.createStatement()) {
            st.setQueryTimeout(seconds);
            String version;
            try (ResultSet rs = st.executeQuery("SELECT VERSION()")) {
                rs.next();
                version = rs.getString(1);
            }
            String statement = statementFor(version);
            List<Map<String, String>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(statement)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            ReplicaStatus status = parser.fromRows(rows);
            return new Outcome<>(statement, status, status.summary());
        }
    }

    /** {@code SHOW REPLICA STATUS} for MariaDB 10.5+ and MySQL 8.0.22+, else {@code SHOW SLAVE STATUS}. */
    static String statementFor(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.find()) {
            return SHOW_SLAVE;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        boolean mariadb = version.contains("MariaDB");
        boolean hasReplica = mariadb
                ? major > 10 || (major == 10 && minor >= 5)
                : major > 8 || (major == 8 && (minor > 0 || patch >= 22));
        return hasReplica ? SHOW_REPLICA : SHOW_SLAVE;
    }
}
