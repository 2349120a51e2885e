package io.harunbooks.ganeti;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The parsed output of {@code gnt-node list -o name,role,pinst_cnt,sinst_cnt}, nodes in output order. */
public record GanetiNodes(List<GanetiNode> nodes) {

    public Optional<GanetiNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name) || n.shortName().equals(name)).findFirst();
    }

    /** The node's role name ({@code MASTER}, {@code CANDIDATE}, {@code OFFLINE}, …), {@code ABSENT} if not listed. */
    public String roleOf(String name) {
        return node(name).map(n -> n.role().name()).orElse("ABSENT");
    }

    public boolean offline(String name) {
        return node(name).map(n -> n.role() == GanetiNode.NodeRole.OFFLINE).orElse(false);
    }

    /** The master's short name, or null. */
    public String master() {
        return nodes.stream().filter(n -> n.role() == GanetiNode.NodeRole.MASTER).map(GanetiNode::shortName)
                .findFirst().orElse(null);
    }

    /** One line per node: {@code name: ROLE, N primary, M secondary instance(s)}. */
    public String summary() {
        return nodes.stream().map(n -> n.shortName() + ": " + n.role() + ", " + n.primaries() + " primary, "
                + n.secondaries() + " secondary instance(s)").collect(Collectors.joining("\n"));
    }
}
