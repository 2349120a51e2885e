package io.harunbooks.skoor;

/** State of one line of {@code eRanger.sh status}. */
public enum ServiceState {
    /** {@code started} */
    STARTED,
    /** {@code stopped} */
    STOPPED,
    /** {@code stopped (postgresql slave)}: not running because this node is the PostgreSQL standby. */
    STOPPED_SLAVE,
    /** Anything else the tool may print. */
    OTHER;

    static ServiceState of(String text) {
        return switch (text.strip()) {
            case "started" -> STARTED;
            case "stopped" -> STOPPED;
            case "stopped (postgresql slave)" -> STOPPED_SLAVE;
            default -> OTHER;
        };
    }
}
