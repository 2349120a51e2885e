package io.harunbooks.compass;

/**
 * The replication of one database as {@code show_slave_replication_status.py} prints it: the pivot database
 * ({@code monolith}) or a space's ({@code team <id>}).
 *
 * @param name          {@code monolith} or {@code team <id>}
 * @param running       Slave_IO_Running and Slave_SQL_Running are both Yes
 * @param ioRunning     Slave_IO_Running as printed (Yes, No, Connecting, None), null when not printed
 * @param sqlRunning    Slave_SQL_Running as printed, null when not printed
 * @param secondsBehind Seconds_Behind_Master; null when the script printed None/NULL or nothing
 * @param lastError     Last_SQL_Error, else Last_IO_Error, when the verbose format shows them; empty otherwise
 */
public record ReplicationChannel(String name, boolean running, String ioRunning, String sqlRunning,
                                 Long secondsBehind, String lastError) {

    public ReplicationChannel {
        lastError = lastError == null ? "" : lastError;
    }

    /** Running and 0 seconds behind. */
    public boolean synced() {
        return running && secondsBehind != null && secondsBehind == 0;
    }

    public String summary() {
        if (!running) {
            return name + ": not running (Slave_IO_Running = " + ioRunning + "; Slave_SQL_Running = " + sqlRunning + ")"
                    + (lastError.isEmpty() ? "" : "; " + lastError);
        }
        return name + ": running, " + (secondsBehind == null ? "lag unknown" : secondsBehind + " s behind");
    }
}
