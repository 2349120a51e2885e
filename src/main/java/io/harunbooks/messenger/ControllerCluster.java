package io.harunbooks.messenger;

import java.util.List;
import java.util.Optional;

/**
 * One controller's view of the controller cluster, as {@code ipros_cluster_show} prints it.
 * Node arguments are short host names ({@code vkt03}) or full names ({@code vkt03.weave.local}).
 */
public record ControllerCluster(List<Member> members) {

    public enum State { SELF, ALIVE, DEAD }

    /** One line: {@code vkt03.weave.local      10.32.88.0:2410 self main}. */
    public record Member(String fqdn, String address, State state, boolean main) {

        public String shortName() {
            int dot = fqdn.indexOf('.');
            return dot < 0 ? fqdn : fqdn.substring(0, dot);
        }

        boolean is(String node) {
            return fqdn.equals(node) || shortName().equals(node);
        }
    }

    public ControllerCluster {
        members = List.copyOf(members);
    }

    public Member self() {
        return members.stream().filter(m -> m.state() == State.SELF).findFirst().orElseThrow();
    }

    public String selfName() {
        return self().shortName();
    }

    public boolean selfIsMain() {
        return self().main();
    }

    public Optional<Member> member(String node) {
        return members.stream().filter(m -> m.is(node)).findFirst();
    }

    /** The node's line says {@code alive main}. */
    public boolean seesAliveMain(String node) {
        return member(node).map(m -> m.state() == State.ALIVE && m.main()).orElse(false);
    }

    /** The node's line says {@code alive}, main or not. */
    public boolean seesAlive(String node) {
        return member(node).map(m -> m.state() == State.ALIVE).orElse(false);
    }

    public boolean seesDead(String node) {
        return member(node).map(m -> m.state() == State.DEAD).orElse(false);
    }

    /** Number of members this view takes for main (itself included). */
    public long mainCount() {
        return members.stream().filter(Member::main).count();
    }
}
