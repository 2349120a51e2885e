package io.harunbooks.mysql;

/**
 * A replication thread as {@code SHOW SLAVE STATUS} reports it ({@code Slave_IO_Running}, {@code Slave_SQL_Running}).
 * {@link #ABSENT}: the column was not there (no row: the server is not a replica); {@link #OTHER}: a value this
 * version does not know (e.g. MariaDB's {@code Preparing}).
 */
public enum ThreadState {
    ABSENT, STOPPED, CONNECTING, RUNNING, OTHER;

    /** {@code Yes} → RUNNING, {@code No} → STOPPED, {@code Connecting} → CONNECTING, null → ABSENT. */
    public static ThreadState of(String value) {
        if (value == null) {
            return ABSENT;
        }
        return switch (value.trim()) {
            case "Yes" -> RUNNING;
            case "No" -> STOPPED;
            case "Connecting" -> CONNECTING;
            default -> OTHER;
        };
    }
}
