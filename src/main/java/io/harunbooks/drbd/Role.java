package io.harunbooks.drbd;

import java.util.Locale;

/** DRBD role of a node for a resource ({@code ro:} local/peer; {@code role:}). */
public enum Role {
    PRIMARY, SECONDARY, UNKNOWN;

    /** {@code Primary}, {@code Secondary}; anything else (DRBD's own {@code Unknown} too) is {@link #UNKNOWN}. */
    public static Role of(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "primary" -> PRIMARY;
            case "secondary" -> SECONDARY;
            default -> UNKNOWN;
        };
    }

    /** The name DRBD prints. */
    public String drbdName() {
        return switch (this) {
            case PRIMARY -> "Primary";
            case SECONDARY -> "Secondary";
            case UNKNOWN -> "Unknown";
        };
    }
}
