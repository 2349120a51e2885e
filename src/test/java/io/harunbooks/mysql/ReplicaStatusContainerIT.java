package io.harunbooks.mysql;

import io.harunbooks.inventory.Database;
import io.harunbooks.sql.ClusterDataSources;
import io.harunbooks.sql.SqlProperties;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mariadb.MariaDBContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The primary/replica check of {@link ReplicaStatusIT} on two MariaDB containers on a shared network. Skipped where
 * there is no Docker; {@code ReplicaStatusIT} runs the same scenario on local {@code mariadbd} processes everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ReplicaStatusContainerIT {

    private static final String IMAGE = "mariadb:10.11";
    private static final Network network = Network.newNetwork();

    @Container
    static final MariaDBContainer primary = new MariaDBContainer(IMAGE).withNetwork(network)
            .withNetworkAliases("primary").withUsername("runbooks").withPassword("runbooks-pw")
            .withCommand("--server-id=1", "--log-bin=primary-bin", "--binlog-format=ROW", "--gtid-domain-id=0");

    @Container
    static final MariaDBContainer replica = new MariaDBContainer(IMAGE).withNetwork(network)
            .withNetworkAliases("replica").withUsername("runbooks").withPassword("runbooks-pw")
            .withCommand("--server-id=2", "--log-bin=replica-bin", "--binlog-format=ROW", "--gtid-domain-id=0");

    @Test
    void replicaOfAContainerPrimaryIsCaughtUpThenBrokenByADuplicateKey() throws Exception {
        root(primary, "SET sql_log_bin=0; CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-pw'; "
                + "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'; GRANT SLAVE MONITOR ON *.* TO 'runbooks'@'%'");
        root(replica, "GRANT SLAVE MONITOR ON *.* TO 'runbooks'@'%'");
        root(primary, "CREATE TABLE test.t (id INT PRIMARY KEY)");
        root(replica, "CHANGE MASTER TO MASTER_HOST='primary', MASTER_PORT=3306, MASTER_USER='repl', "
                + "MASTER_PASSWORD='repl-pw', MASTER_CONNECT_RETRY=1, MASTER_USE_GTID=slave_pos; START SLAVE");
        Path secret = Files.createTempFile("runbooks", ".pw");
        Files.writeString(secret, "runbooks-pw");
        Database db = new Database("replica-db", "replica", replica.getJdbcUrl(), "runbooks", "file:" + secret);
        ClusterDataSources dataSources = new ClusterDataSources(new SqlProperties(Duration.ofSeconds(5),
                Duration.ofSeconds(10)));
        ReplicaStatusQuery query = new ReplicaStatusQuery();

        ReplicaStatus healthy = await(dataSources, db, query, ReplicaStatus::caughtUp);
        assertThat(healthy.caughtUp()).as(healthy.summary()).isTrue();

        root(replica, "SET sql_log_bin=0; INSERT INTO test.t VALUES (1)");
        root(primary, "INSERT INTO test.t VALUES (1)");
        ReplicaStatus broken = await(dataSources, db, query, ReplicaStatus::broken);
        assertThat(broken.lastErrno()).as(broken.summary()).isEqualTo(1062);
        Files.deleteIfExists(secret);
    }

    private static ReplicaStatus await(ClusterDataSources dataSources, Database db, ReplicaStatusQuery query,
                                       java.util.function.Predicate<ReplicaStatus> condition)
            throws InterruptedException {
        ReplicaStatus status = null;
        for (int i = 0; i < 300; i++) {
            status = dataSources.query(db, Duration.ofSeconds(10), c -> query.run(c, Duration.ofSeconds(10))).value();
            if (condition.test(status)) {
                return status;
            }
            Thread.sleep(100);
        }
        return status;
    }

    private static void root(MariaDBContainer c, String sql) throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(c.getJdbcUrl(), "root", c.getPassword());
             Statement st = connection.createStatement()) {
            for (String s : sql.split(";")) {
                if (!s.isBlank()) {
                    st.execute(s);
                }
            }
        }
    }
}
