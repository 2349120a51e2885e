package io.harunbooks.drbd;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules a destructive DRBD action must pass before it is sent, on the state of both nodes read just before
 * (pure; the drbdadm task applies them and journals the decision):
 * <ul>
 *   <li>{@code discard-my-data} and {@code invalidate} only on the node a person named in the confirmation
 *       ({@code confirmedNode});</li>
 *   <li>never on a node that is Primary for the resource ({@code discard-my-data}): its data is what is served;</li>
 *   <li>never on a node whose disk is the only UpToDate one of the pair: the other copy would become the truth and
 *       the current data would be lost;</li>
 *   <li>never on a node whose state could not be read (no such resource).</li>
 * </ul>
 * Non-destructive actions are always allowed.
 */
public final class DrbdGuard {

    private DrbdGuard() {
    }

    /** The guard's verdict and its reasons, in words for the journal and the incident. */
    public record Decision(boolean allowed, String reason) {
    }

    /**
     * @param node          the node the action would run on
     * @param nodeState     its DRBD state, read just before
     * @param peer          the other node (null: none known)
     * @param peerState     its DRBD state (null: could not be read — counts as "not UpToDate")
     * @param resource      the resource, minor or {@code all}
     * @param confirmedNode the node a person confirmed as the one whose data is thrown away (null: none)
     */
    public static Decision check(DrbdAction action, String node, DrbdState nodeState, String peer,
                                 DrbdState peerState, String resource, String confirmedNode) {
        if (!action.isDestructive()) {
            return new Decision(true, action.action() + " is not destructive");
        }
        List<String> refusals = new ArrayList<>();
        if (confirmedNode == null || confirmedNode.isBlank()) {
            refusals.add("no person confirmed whose data is thrown away (confirmation names no node)");
        } else if (!confirmedNode.equals(node)) {
            refusals.add("the confirmation names " + confirmedNode + " as the node whose data is thrown away, not "
                    + node);
        }
        List<DrbdResource> mine = inScope(nodeState, resource);
        if (mine.isEmpty()) {
            refusals.add(node + " has no DRBD resource '" + resource + "' in its state (" + summary(nodeState) + ")");
        }
        for (DrbdResource r : mine) {
            if (action == DrbdAction.DISCARD_MY_DATA && r.localRole() == Role.PRIMARY) {
                refusals.add(node + " is Primary for " + r.id() + ": its data is the data being served");
            }
            if (r.localDisk() == DiskState.UP_TO_DATE && !peerUpToDate(peerState, r)) {
                refusals.add(node + " holds the only UpToDate disk of " + r.id() + " (" + peer + ": "
                        + peerDisk(peerState, r) + ")");
            }
        }
        String evidence = node + " [" + summary(nodeState) + "]; " + peer + " [" + summary(peerState) + "]";
        if (refusals.isEmpty()) {
            return new Decision(true, action.action() + " on " + node + " allowed: confirmed by the person, not "
                    + "Primary, the peer holds UpToDate data. State: " + evidence);
        }
        return new Decision(false, action.action() + " on " + node + " refused: " + String.join("; ", refusals)
                + ". State: " + evidence);
    }

    private static List<DrbdResource> inScope(DrbdState state, String resource) {
        if (state == null) {
            return List.of();
        }
        if (resource == null || resource.equals("all")) {
            return state.resources().stream().filter(r -> r.connection() != ConnectionState.UNCONFIGURED).toList();
        }
        return state.resource(resource).stream().toList();
    }

    private static DrbdResource counterpart(DrbdState peerState, DrbdResource r) {
        if (peerState == null) {
            return null;
        }
        return peerState.resources().stream()
                .filter(p -> r.name() != null ? r.name().equals(p.name()) : r.minor() != null
                        && r.minor().equals(p.minor()))
                .findFirst().orElse(null);
    }

    private static boolean peerUpToDate(DrbdState peerState, DrbdResource r) {
        DrbdResource p = counterpart(peerState, r);
        return p != null && p.localDisk() == DiskState.UP_TO_DATE;
    }

    private static String peerDisk(DrbdState peerState, DrbdResource r) {
        DrbdResource p = counterpart(peerState, r);
        return p == null ? "state unknown" : p.localDisk().drbdName();
    }

    private static String summary(DrbdState s) {
        return s == null ? "state not read" : s.summary().replace("\n", "; ");
    }
}
