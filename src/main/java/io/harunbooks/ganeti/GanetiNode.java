package io.harunbooks.ganeti;

/**
 * One line of {@code gnt-node list -o name,role,pinst_cnt,sinst_cnt}.
 *
 * @param role     the node's role letter: master, master candidate, regular, drained, offline
 * @param primaries number of instances whose primary is this node
 * @param secondaries number of instances whose secondary (DRBD peer) is this node
 */
public record GanetiNode(String name, NodeRole role, int primaries, int secondaries) {

    /** Ganeti's node roles ({@code gnt-node list -o role}: M, C, R, D, O). */
    public enum NodeRole {
        MASTER, CANDIDATE, REGULAR, DRAINED, OFFLINE, UNKNOWN;

        static NodeRole of(String letter) {
            return switch (letter) {
                case "M" -> MASTER;
                case "C" -> CANDIDATE;
                case "R" -> REGULAR;
                case "D" -> DRAINED;
                case "O" -> OFFLINE;
                default -> UNKNOWN;
            };
        }
    }

    /** The short name, without a domain ({@code gnt1.example.org} → {@code gnt1}). */
    public String shortName() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
