package io.harunbooks.drbd;

import java.util.Locale;

/**
 * DRBD disk state ({@code ds:} local/peer; {@code disk:} / {@code peer-disk:}). {@link #D_UNKNOWN} is DRBD's own
 * "peer disk state not known" ({@code DUnknown}); {@link #UNKNOWN} is a name this parser does not know.
 */
public enum DiskState {
    DISKLESS("Diskless"),
    ATTACHING("Attaching"),
    DETACHING("Detaching"),
    FAILED("Failed"),
    NEGOTIATING("Negotiating"),
    INCONSISTENT("Inconsistent"),
    OUTDATED("Outdated"),
    D_UNKNOWN("DUnknown"),
    CONSISTENT("Consistent"),
    UP_TO_DATE("UpToDate"),
    UNKNOWN("Unknown");

    private final String drbdName;

    DiskState(String drbdName) {
        this.drbdName = drbdName;
    }

    public String drbdName() {
        return drbdName;
    }

    public static DiskState of(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (DiskState s : values()) {
                if (s != UNKNOWN && s.drbdName.toLowerCase(Locale.ROOT).equals(n)) {
                    return s;
                }
            }
        }
        return UNKNOWN;
    }
}
