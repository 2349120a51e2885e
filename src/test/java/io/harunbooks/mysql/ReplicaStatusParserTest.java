package io.harunbooks.mysql;

import io.harunbooks.engine.UnparseableOutputException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixtures: {@code SHOW SLAVE STATUS\G} captured from real MariaDB 10.11 servers by {@code ReplicaStatusIT}. */
class ReplicaStatusParserTest {

    private final ReplicaStatusParser parser = new ReplicaStatusParser();

    private ReplicaStatus parse(String scenario) {
        return parser.parse(fixture("mysql/show-slave-status/" + scenario + ".txt"));
    }

    @Test
    void healthy() {
        ReplicaStatus s = parse("healthy");

        assertThat(s.caughtUp()).isTrue();
        assertThat(s.secondsBehind()).isZero();
        assertThat(s.broken()).isFalse();
        assertThat(s.lagging()).isFalse();
        assertThat(s.lastErrno()).isZero();
        assertThat(s.lastError()).isEmpty();
        assertThat(s.sourceHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void sqlError1062() {
        ReplicaStatus s = parse("sql-error-1062");

        assertThat(s.sqlState()).isEqualTo(ThreadState.STOPPED);
        assertThat(s.ioState()).isEqualTo(ThreadState.RUNNING);
        assertThat(s.secondsBehind()).isNull();
        assertThat(s.broken()).isTrue();
        assertThat(s.lastErrno()).isEqualTo(1062);
        assertThat(s.lastError()).startsWith("Could not execute Write_rows_v1 event on table rb.t; Duplicate entry");
    }

    @Test
    void ioConnectingToAStoppedPrimary() {
        ReplicaStatus s = parse("io-connecting");

        assertThat(s.ioState()).isEqualTo(ThreadState.CONNECTING);
        assertThat(s.lastIoErrno()).isEqualTo(2003);
        assertThat(s.primaryUnreachable()).isTrue();
        assertThat(s.broken()).isFalse();
        assertThat(s.caughtUp()).isFalse();
        assertThat(s.lastErrno()).isEqualTo(2003);
    }

    @Test
    void laggingAndStoppedSqlThread() {
        ReplicaStatus lagging = parse("lagging");
        assertThat(lagging.lagging()).isTrue();
        assertThat(lagging.secondsBehind()).isEqualTo(600L);
        assertThat(lagging.caughtUp()).isFalse();

        ReplicaStatus stopped = parse("sql-thread-stopped");
        assertThat(stopped.secondsBehind()).isNull();
        assertThat(stopped.lagging()).isFalse();
        assertThat(stopped.broken()).isFalse();
        assertThat(stopped.caughtUp()).isFalse();
    }

    @Test
    void noRowIsNotAReplicaNotStopped() {
        ReplicaStatus s = parser.parse("");

        assertThat(s.checked()).isTrue();
        assertThat(s.configured()).isFalse();
        assertThat(s.ioState()).isEqualTo(ThreadState.ABSENT);
        assertThat(s.broken()).isFalse();
        assertThat(parser.fromRows(List.of())).isEqualTo(s);
    }

    @Test
    void skippedIsNotChecked() {
        assertThat(ReplicaStatus.skipped().checked()).isFalse();
        assertThat(ReplicaStatus.skipped().configured()).isFalse();
        assertThat(ReplicaStatus.skipped().summary()).startsWith("not checked");
    }

    @Test
    void mysqlReplicaColumnNames() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("Replica_IO_State", "Waiting for source to send event");
        row.put("Source_Host", "10.0.0.1");
        row.put("Replica_IO_Running", "Yes");
        row.put("Replica_SQL_Running", "Yes");
        row.put("Seconds_Behind_Source", "3");
        row.put("Last_IO_Errno", "0");
        row.put("Last_IO_Error", "");
        row.put("Last_SQL_Errno", "0");
        row.put("Last_SQL_Error", "");
        row.put("Retrieved_Gtid_Set", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5");
        row.put("Executed_Gtid_Set", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-4");

        ReplicaStatus s = parser.fromRow(row);

        assertThat(s.sourceHost()).isEqualTo("10.0.0.1");
        assertThat(s.secondsBehind()).isEqualTo(3L);
        assertThat(s.lagging()).isTrue();
        assertThat(s.retrievedGtidSet()).endsWith(":1-5");
        assertThat(s.gtidIoPos()).isNull();
        assertThat(s.summary()).contains("Retrieved_Gtid_Set");
    }

    @Test
    void threadStates() {
        assertThat(ThreadState.of("Yes")).isEqualTo(ThreadState.RUNNING);
        assertThat(ThreadState.of("No")).isEqualTo(ThreadState.STOPPED);
        assertThat(ThreadState.of("Connecting")).isEqualTo(ThreadState.CONNECTING);
        assertThat(ThreadState.of("Preparing")).isEqualTo(ThreadState.OTHER);
        assertThat(ThreadState.of(null)).isEqualTo(ThreadState.ABSENT);
    }

    @Test
    void verticalTextGivesTheRowNullsAndMultiLineValues() {
        Map<String, String> row = ReplicaStatusParser.verticalRow("""
                *************************** 1. row ***************************
                  Slave_IO_Running: Yes
                 Slave_SQL_Running: No
                Seconds_Behind_Master: NULL
                    Last_SQL_Error: first line
                second line
                    Last_SQL_Errno: 1146
                """);

        assertThat(row).containsEntry("Slave_IO_Running", "Yes").containsEntry("Seconds_Behind_Master", null)
                .containsEntry("Last_SQL_Error", "first line\nsecond line").containsEntry("Last_SQL_Errno", "1146");
    }

    @Test
    void outputThatDoesNotFitIsUnparseable() {
        assertThatThrownBy(() -> parser.parse("ERROR 1227 (42000): Access denied"))
                .isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> parser.parse("*************************** 1. row ***************************\n"
                + "Slave_IO_Running: Yes\n*************************** 2. row ***************************\n"))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("more than one row");
        assertThatThrownBy(() -> parser.fromRow(Map.of("Master_Host", "x")))
                .isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> parser.fromRow(Map.of("Slave_IO_Running", "Yes", "Slave_SQL_Running", "Yes",
                "Seconds_Behind_Master", "soon"))).isInstanceOf(UnparseableOutputException.class);
    }

    @Test
    void statementForServerVersion() {
        assertThat(ReplicaStatusQuery.statementFor("10.11.19-MariaDB-0+deb12u1-log")).isEqualTo("SHOW REPLICA STATUS");
        assertThat(ReplicaStatusQuery.statementFor("10.5.0-MariaDB")).isEqualTo("SHOW REPLICA STATUS");
        assertThat(ReplicaStatusQuery.statementFor("10.4.32-MariaDB")).isEqualTo("SHOW SLAVE STATUS");
        assertThat(ReplicaStatusQuery.statementFor("8.0.22")).isEqualTo("SHOW REPLICA STATUS");
        assertThat(ReplicaStatusQuery.statementFor("8.0.21-log")).isEqualTo("SHOW SLAVE STATUS");
        assertThat(ReplicaStatusQuery.statementFor("8.4.3")).isEqualTo("SHOW REPLICA STATUS");
        assertThat(ReplicaStatusQuery.statementFor("5.7.44-log")).isEqualTo("SHOW SLAVE STATUS");
    }
}
