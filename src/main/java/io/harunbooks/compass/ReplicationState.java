package io.harunbooks.compass;

/** The replication of a Compass server as a whole (every database the status script shows). */
public enum ReplicationState {
    /** Every database replicates and is 0 seconds behind: the seed's «репликация работает корректно». */
    SYNCED,
    /** Every database replicates, at least one is behind by more than 0 seconds: wait and check again. */
    LAGGING,
    /** At least one database does not replicate (a thread stopped on an error, or replication not started/reset). */
    NOT_RUNNING,
    /** Running, but the script printed no number of seconds (None/NULL). */
    UNKNOWN
}
