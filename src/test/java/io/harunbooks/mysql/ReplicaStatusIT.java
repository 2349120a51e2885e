package io.harunbooks.mysql;

import io.harunbooks.inventory.Database;
import io.harunbooks.sql.ClusterDataSources;
import io.harunbooks.sql.SqlProperties;
import io.harunbooks.support.MariaDbPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replica-status query against a real MariaDB primary/replica pair, in each state the faults leave. What the
 * servers said (MariaDB 10.11.19) is asserted here and kept as fixtures; run with {@code -Dfixtures.save=true} to
 * capture them again into {@code src/test/resources/fixtures/mysql/show-slave-status/}.
 */
class ReplicaStatusIT {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/mysql/show-slave-status");

    private static MariaDbPair pair;
    private static ClusterDataSources dataSources;
    private static Database replicaDb;
    private static Database primaryDb;
    private final ReplicaStatusQuery query = new ReplicaStatusQuery();

    @BeforeAll
    static void startPair() throws IOException {
        pair = MariaDbPair.start();
        Path secret = Files.writeString(pair.dir().resolve("runbooks.password"), pair.password() + "\n");
        replicaDb = new Database("replica-db", "reserve", pair.replicaUrl(), pair.user(), "file:" + secret);
        primaryDb = new Database("primary-db", "primary", pair.primaryUrl(), pair.user(), "file:" + secret);
        dataSources = new ClusterDataSources(new SqlProperties(Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @AfterEach
    void heal() {
        pair.heal();
        assertThat(read(replicaDb).caughtUp()).as("healed: %s", read(replicaDb).summary()).isTrue();
    }

    private ReplicaStatus read(Database db) {
        return dataSources.query(db, Duration.ofSeconds(10), c -> query.run(c, Duration.ofSeconds(10))).value();
    }

    /** The JDBC reading and the client's vertical text (the fixture form) say the same. */
    private ReplicaStatus readAndCapture(String scenario) throws IOException {
        ReplicaStatus status = read(replicaDb);
        String vertical = pair.replicaStatusVertical();
        ReplicaStatus fromText = new ReplicaStatusParser().parse(vertical);
        assertThat(fromText).usingRecursiveComparison().ignoringFields("secondsBehind").isEqualTo(status);
        if (Boolean.getBoolean("fixtures.save")) {
            Files.createDirectories(FIXTURES);
            Files.writeString(FIXTURES.resolve(scenario + ".txt"), vertical);
        }
        return status;
    }

    @Test
    void healthyReplicaIsCaughtUpAndThePrimaryIsNoReplica() throws IOException {
        pair.write();
        pair.catchUp();

        ReplicaStatus status = readAndCapture("healthy");

        assertThat(status.checked()).isTrue();
        assertThat(status.configured()).isTrue();
        assertThat(status.ioState()).isEqualTo(ThreadState.RUNNING);
        assertThat(status.sqlState()).isEqualTo(ThreadState.RUNNING);
        assertThat(status.secondsBehind()).isZero();
        assertThat(status.caughtUp()).isTrue();
        assertThat(status.broken()).isFalse();
        assertThat(status.lagging()).isFalse();
        assertThat(status.sourceHost()).isEqualTo("127.0.0.1");
        assertThat(status.gtidIoPos()).matches("0-1-\\d+");
        assertThat(status.summary()).startsWith("replica of 127.0.0.1: IO RUNNING, SQL RUNNING, 0 s behind");

        ReplicaStatus primary = read(primaryDb);
        assertThat(primary.checked()).isTrue();
        assertThat(primary.configured()).as("no row is not 'stopped'").isFalse();
        assertThat(primary.ioState()).isEqualTo(ThreadState.ABSENT);
        assertThat(primary.caughtUp()).isFalse();
        assertThat(primary.broken()).isFalse();
    }

    @Test
    void duplicateKeyStopsTheSqlThreadWith1062AndIsBroken() throws IOException {
        pair.duplicateKeyError();

        ReplicaStatus status = readAndCapture("sql-error-1062");

        assertThat(status.ioState()).isEqualTo(ThreadState.RUNNING);
        assertThat(status.sqlState()).isEqualTo(ThreadState.STOPPED);
        assertThat(status.secondsBehind()).as("MariaDB says NULL with the SQL thread stopped").isNull();
        assertThat(status.broken()).isTrue();
        assertThat(status.caughtUp()).isFalse();
        assertThat(status.lastErrno()).isEqualTo(1062);
        assertThat(status.lastError()).contains("Duplicate entry");
        assertThat(status.summary()).contains("BROKEN").contains("last error 1062");
    }

    @Test
    void stoppedPrimaryLeavesTheIoThreadConnectingWith2003WhichIsNotBroken() throws IOException {
        pair.stopPrimary();

        ReplicaStatus status = readAndCapture("io-connecting");

        assertThat(status.ioState()).isEqualTo(ThreadState.CONNECTING);
        assertThat(status.sqlState()).isEqualTo(ThreadState.RUNNING);
        assertThat(status.secondsBehind()).as("MariaDB says NULL while the IO thread is not running").isNull();
        assertThat(status.lastIoErrno()).isEqualTo(2003);
        assertThat(status.lastIoError()).contains("Can't connect");
        assertThat(status.primaryUnreachable()).isTrue();
        assertThat(status.broken()).as("the replica waits for its primary; nothing on it needs repair").isFalse();
        assertThat(status.caughtUp()).isFalse();
        assertThat(status.summary()).contains("primary unreachable");
    }

    @Test
    void stoppedSqlThreadWithWaitingTransactionsReportsNullLagNotZero() throws IOException {
        pair.lagWithStoppedSqlThread();

        ReplicaStatus status = readAndCapture("sql-thread-stopped");

        assertThat(status.ioState()).isEqualTo(ThreadState.RUNNING);
        assertThat(status.sqlState()).isEqualTo(ThreadState.STOPPED);
        assertThat(status.secondsBehind()).as("Seconds_Behind_Master with STOP SLAVE SQL_THREAD").isNull();
        assertThat(status.lastErrno()).isZero();
        assertThat(status.broken()).as("stopped by a person, not by an error").isFalse();
        assertThat(status.lagging()).isFalse();
        assertThat(status.caughtUp()).isFalse();
    }

    @Test
    void delayedReplicaIsLaggingWithARealPositiveSecondsBehind() throws IOException {
        pair.lagWithMasterDelay();

        ReplicaStatus status = readAndCapture("lagging");

        assertThat(status.ioRunning()).isTrue();
        assertThat(status.sqlRunning()).isTrue();
        assertThat(status.secondsBehind()).isBetween(590L, 700L);
        assertThat(status.lagging()).isTrue();
        assertThat(status.caughtUp()).isFalse();
        assertThat(status.broken()).isFalse();
    }
}
