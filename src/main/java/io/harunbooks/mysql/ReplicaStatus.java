package io.harunbooks.mysql;

/**
 * The replication state of one MySQL/MariaDB server, from {@code SHOW REPLICA STATUS} (or {@code SHOW SLAVE STATUS}).
 * Models call its methods in output parameters ({@code ${result.caughtUp()}}) and test the flat variables in gateways.
 *
 * <p>"No row" is not "stopped": a server that is no replica has {@link #configured()} false and both threads
 * {@link ThreadState#ABSENT}. A step that found no such database in the inventory ({@code ifMissing=skip}) hands on
 * {@link #skipped()}: {@link #checked()} false.
 *
 * <p>What the real servers said (MariaDB 10.11, see {@code ReplicaStatusIT} and the fixtures
 * {@code fixtures/mysql/show-slave-status/*.txt}): a stopped SQL thread reports {@code Seconds_Behind_Master: NULL}
 * (not a number, even with transactions waiting), so "lag" is only a number while both threads run; a stopped
 * primary leaves the IO thread {@code Connecting} with {@code Last_IO_Errno: 2003} (client error "Can't connect"),
 * which is {@link #primaryUnreachable()}, not {@link #broken()}: nothing on the replica needs repair.
 *
 * @param checked          a database was queried (false only for {@link #skipped()})
 * @param configured       the server returned a row: it is configured as a replica
 * @param sourceHost       {@code Master_Host} / {@code Source_Host}
 * @param ioState          {@code Slave_IO_Running} / {@code Replica_IO_Running}
 * @param sqlState         {@code Slave_SQL_Running} / {@code Replica_SQL_Running}
 * @param secondsBehind    {@code Seconds_Behind_Master} / {@code Seconds_Behind_Source}; null where the server says
 *                         NULL (a thread not running, or no row)
 * @param lastIoErrno      {@code Last_IO_Errno}, 0 when none
 * @param lastIoError      {@code Last_IO_Error}, empty when none
 * @param lastSqlErrno     {@code Last_SQL_Errno}, 0 when none
 * @param lastSqlError     {@code Last_SQL_Error}, empty when none
 * @param gtidIoPos        MariaDB {@code Gtid_IO_Pos}; null on MySQL
 * @param retrievedGtidSet MySQL {@code Retrieved_Gtid_Set}; null on MariaDB
 * @param executedGtidSet  MySQL {@code Executed_Gtid_Set}; null on MariaDB
 */
public record ReplicaStatus(boolean checked, boolean configured, String sourceHost, ThreadState ioState,
                            ThreadState sqlState, Long secondsBehind, int lastIoErrno, String lastIoError,
                            int lastSqlErrno, String lastSqlError, String gtidIoPos, String retrievedGtidSet,
                            String executedGtidSet) {

    private static final ReplicaStatus SKIPPED = new ReplicaStatus(false, false, null, ThreadState.ABSENT,
            ThreadState.ABSENT, null, 0, "", 0, "", null, null, null);
    private static final ReplicaStatus NOT_A_REPLICA = new ReplicaStatus(true, false, null, ThreadState.ABSENT,
            ThreadState.ABSENT, null, 0, "", 0, "", null, null, null);

    public ReplicaStatus {
        lastIoError = lastIoError == null ? "" : lastIoError;
        lastSqlError = lastSqlError == null ? "" : lastSqlError;
    }

    /** No database was queried: the inventory names none for the step ({@code ifMissing=skip}). */
    public static ReplicaStatus skipped() {
        return SKIPPED;
    }

    /** The server answered with no row: it is not configured as a replica. */
    public static ReplicaStatus notAReplica() {
        return NOT_A_REPLICA;
    }

    public boolean ioRunning() {
        return ioState == ThreadState.RUNNING;
    }

    public boolean sqlRunning() {
        return sqlState == ThreadState.RUNNING;
    }

    /** Configured, both threads running, and {@code Seconds_Behind_Master} is 0. */
    public boolean caughtUp() {
        return configured && ioRunning() && sqlRunning() && secondsBehind != null && secondsBehind == 0;
    }

    /** Both threads running and behind by more than 0 seconds. */
    public boolean lagging() {
        return configured && ioRunning() && sqlRunning() && secondsBehind != null && secondsBehind > 0;
    }

    /**
     * A thread stopped on an error, or an IO thread that cannot connect for a reason other than reaching the
     * primary (e.g. 1045 access denied): the replica needs repair. A replica merely waiting for an unreachable
     * primary ({@link #primaryUnreachable()}) is not broken.
     */
    public boolean broken() {
        if (!configured) {
            return false;
        }
        boolean sqlBroken = sqlState == ThreadState.STOPPED && lastSqlErrno != 0;
        boolean ioBroken = !ioRunning() && lastIoErrno != 0 && !primaryUnreachable();
        return sqlBroken || ioBroken;
    }

    /**
     * The IO thread keeps trying to connect and the last error is a client-side connection error (2000-2999, e.g.
     * 2003 "Can't connect", 2013 "Lost connection"): the primary or the network is down, not the replica.
     */
    public boolean primaryUnreachable() {
        return configured && ioState == ThreadState.CONNECTING && lastIoErrno >= 2000 && lastIoErrno < 3000;
    }

    /** The SQL thread's error number if it has one, else the IO thread's; 0 when neither has. */
    public int lastErrno() {
        return lastSqlErrno != 0 ? lastSqlErrno : lastIoErrno;
    }

    /** The error text belonging to {@link #lastErrno()}; empty when none. */
    public String lastError() {
        return lastSqlErrno != 0 ? lastSqlError : lastIoErrno != 0 ? lastIoError : "";
    }

    /** One readable line for journals, forms and incidents. */
    public String summary() {
        if (!checked) {
            return "not checked: no such database in the inventory";
        }
        if (!configured) {
            return "not a replica (no replication status row)";
        }
        StringBuilder s = new StringBuilder("replica of ").append(sourceHost == null ? "?" : sourceHost)
                .append(": IO ").append(ioState).append(", SQL ").append(sqlState).append(", ")
                .append(secondsBehind == null ? "lag unknown (NULL)" : secondsBehind + " s behind");
        if (broken()) {
            s.append(", BROKEN");
        } else if (primaryUnreachable()) {
            s.append(", primary unreachable");
        }
        if (lastErrno() != 0) {
            String error = lastError().strip().replace('\n', ' ');
            s.append("; last error ").append(lastErrno()).append(": ")
                    .append(error.length() > 200 ? error.substring(0, 200) + "…" : error);
        }
        if (gtidIoPos != null && !gtidIoPos.isEmpty()) {
            s.append("; Gtid_IO_Pos ").append(gtidIoPos);
        } else if (retrievedGtidSet != null && !retrievedGtidSet.isEmpty()) {
            s.append("; Retrieved_Gtid_Set ").append(retrievedGtidSet);
        }
        return s.toString();
    }
}
