package io.harunbooks.skoor;

/** What {@code eRanger.sh status} says this node is. */
public enum NodeRole {
    /** PostgreSQL, eRanger Server and Collector started. */
    PRIMARY,
    /** PostgreSQL started, eRanger Server, Collector and Report {@code stopped (postgresql slave)}. */
    STANDBY,
    /** eRanger Server and Collector stopped, not as a PostgreSQL slave (e.g. a former primary whose services were stopped). */
    STOPPED,
    /** Any other combination: services half running, PostgreSQL down, unknown states. */
    BROKEN
}
