package io.harunbooks.drbd;

import java.util.Locale;

/**
 * DRBD connection state of a resource towards its peer ({@code cs:} in /proc/drbd 8.x; {@code connection:} and
 * {@code replication:} in {@code drbdadm status} 9.x, where replication states such as SyncSource count as
 * connected). {@link #UNKNOWN}: a name this parser does not know.
 */
public enum ConnectionState {
    STAND_ALONE("StandAlone"),
    DISCONNECTING("Disconnecting"),
    UNCONNECTED("Unconnected"),
    TIMEOUT("Timeout"),
    BROKEN_PIPE("BrokenPipe"),
    NETWORK_FAILURE("NetworkFailure"),
    PROTOCOL_ERROR("ProtocolError"),
    TEAR_DOWN("TearDown"),
    WF_CONNECTION("WFConnection"),
    CONNECTING("Connecting"),
    WF_REPORT_PARAMS("WFReportParams"),
    CONNECTED("Connected"),
    ESTABLISHED("Established"),
    STARTING_SYNC_S("StartingSyncS"),
    STARTING_SYNC_T("StartingSyncT"),
    WF_BITMAP_S("WFBitMapS"),
    WF_BITMAP_T("WFBitMapT"),
    WF_SYNC_UUID("WFSyncUUID"),
    SYNC_SOURCE("SyncSource"),
    SYNC_TARGET("SyncTarget"),
    PAUSED_SYNC_S("PausedSyncS"),
    PAUSED_SYNC_T("PausedSyncT"),
    VERIFY_S("VerifyS"),
    VERIFY_T("VerifyT"),
    AHEAD("Ahead"),
    BEHIND("Behind"),
    UNCONFIGURED("Unconfigured"),
    UNKNOWN("Unknown");

    private final String drbdName;

    ConnectionState(String drbdName) {
        this.drbdName = drbdName;
    }

    /** The name DRBD prints, e.g. {@code WFConnection}. */
    public String drbdName() {
        return drbdName;
    }

    /** The state DRBD printed (case-insensitive), {@link #UNKNOWN} for a name not listed here. */
    public static ConnectionState of(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (ConnectionState s : values()) {
                if (s.drbdName.toLowerCase(Locale.ROOT).equals(n)) {
                    return s;
                }
            }
            if (n.equals("stdalone") || n.equals("standalone")) {
                return STAND_ALONE;
            }
        }
        return UNKNOWN;
    }

    /** Connected to the peer (including while resynchronising or verifying). */
    public boolean isConnected() {
        return switch (this) {
            case CONNECTED, ESTABLISHED, STARTING_SYNC_S, STARTING_SYNC_T, WF_BITMAP_S, WF_BITMAP_T, WF_SYNC_UUID,
                 SYNC_SOURCE, SYNC_TARGET, PAUSED_SYNC_S, PAUSED_SYNC_T, VERIFY_S, VERIFY_T, AHEAD, BEHIND -> true;
            default -> false;
        };
    }

    /** Resynchronising (or about to). */
    public boolean isSyncing() {
        return switch (this) {
            case STARTING_SYNC_S, STARTING_SYNC_T, WF_BITMAP_S, WF_BITMAP_T, WF_SYNC_UUID, SYNC_SOURCE, SYNC_TARGET,
                 PAUSED_SYNC_S, PAUSED_SYNC_T -> true;
            default -> false;
        };
    }
}
