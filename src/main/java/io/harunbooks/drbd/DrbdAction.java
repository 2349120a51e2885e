package io.harunbooks.drbd;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The drbdadm actions a runbook may send, and the exact command line of each (seed 004 for drbdadm, seed 002 for
 * {@code drbdsetup /dev/drbdN invalidate}). {@link #isDestructive()} actions throw a node's data away and are guarded
 * by {@link DrbdGuard}.
 */
public enum DrbdAction {
    SECONDARY("secondary"),
    PRIMARY("primary"),
    DISCONNECT("disconnect"),
    CONNECT("connect"),
    /** {@code drbdadm -- --discard-my-data connect <res>}: this node's changes are dropped, it resyncs from the peer. */
    DISCARD_MY_DATA("discard-my-data"),
    /** {@code drbdsetup /dev/drbd<minor> invalidate}: this node's copy is declared invalid, fully resynced. */
    INVALIDATE("invalidate");

    /** A resource name ({@code skydata}, {@code r0}), a minor number, or {@code all}. */
    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern MINOR = Pattern.compile("[0-9]{1,6}");

    private final String action;

    DrbdAction(String action) {
        this.action = action;
    }

    /** The name used in models ({@code action} input), e.g. {@code discard-my-data}. */
    public String action() {
        return action;
    }

    public static DrbdAction of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (DrbdAction a : values()) {
            if (a.action.equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown drbdadm action '" + name + "'; one of secondary, primary, "
                + "disconnect, connect, discard-my-data, invalidate");
    }

    /** Throws away (part of) this node's data. */
    public boolean isDestructive() {
        return this == DISCARD_MY_DATA || this == INVALIDATE;
    }

    /**
     * The command line for {@code resource} (validated here: a name, a minor or {@code all}; for {@link #INVALIDATE}
     * a minor number, since drbdsetup addresses the device {@code /dev/drbd<minor>}).
     */
    public String commandLine(String resource) {
        String r = resource == null ? "" : resource.trim();
        if (this == INVALIDATE) {
            if (!MINOR.matcher(r).matches()) {
                throw new IllegalArgumentException("invalidate needs a DRBD minor number (drbdsetup /dev/drbdN "
                        + "invalidate), not '" + resource + "'");
            }
            return "drbdsetup /dev/drbd" + r + " invalidate";
        }
        if (!RESOURCE.matcher(r).matches()) {
            throw new IllegalArgumentException("'" + resource + "' is not a DRBD resource name, minor or 'all'");
        }
        return switch (this) {
            case DISCARD_MY_DATA -> "drbdadm -- --discard-my-data connect " + r;
            default -> "drbdadm " + action + " " + r;
        };
    }

    /**
     * Whether {@code state} (read on the node the action ran on) already shows the action's effect for
     * {@code resource}: after a crash cut the command short, a state that shows it is taken as "it ran", so it is
     * not sent a second time. Unknown (false) for {@link #INVALIDATE} once the resync is over.
     */
    public boolean appliedIn(DrbdState state, String resource) {
        if (state == null) {
            return false;
        }
        java.util.List<DrbdResource> scope = resource == null || resource.equals("all")
                ? state.resources().stream().filter(r -> r.connection() != ConnectionState.UNCONFIGURED).toList()
                : state.resource(resource).stream().toList();
        if (scope.isEmpty()) {
            return false;
        }
        return scope.stream().allMatch(r -> switch (this) {
            case SECONDARY -> r.localRole() == Role.SECONDARY;
            case PRIMARY -> r.localRole() == Role.PRIMARY;
            case DISCONNECT -> r.connection() == ConnectionState.STAND_ALONE;
            case CONNECT, DISCARD_MY_DATA -> r.connection() != ConnectionState.STAND_ALONE;
            case INVALIDATE -> r.connection() == ConnectionState.SYNC_TARGET
                    || r.localDisk() == DiskState.INCONSISTENT;
        });
    }
}
