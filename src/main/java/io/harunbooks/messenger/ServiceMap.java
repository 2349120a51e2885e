package io.harunbooks.messenger;

import java.util.List;
import java.util.Optional;

/**
 * A service map as {@code ic map <service>} prints it: the optional {@code autoflip:} header, then node groups
 * ({@code node cox-1 (2147483648 buckets)}) with their servers
 * ({@code srv cox.vkt-4vm-879-standart-02.cox-1 10.32.96.0:2510 alive slave}). Query methods return null where the
 * map has no such server, so models can map them into variables and test them in gateways.
 */
public record ServiceMap(String autoflip, boolean alert, List<Group> groups) {

    /** One {@code node} line and its servers. */
    public record Group(String name, long buckets, List<Srv> servers) {
        public Group {
            servers = List.copyOf(servers);
        }
    }

    /**
     * One {@code srv} line.
     *
     * @param fullName {@code <service>.<host>.<instance>}, the name {@code ic flip} takes
     * @param lastSeen what follows {@code lastseen:} for a dead server, else null
     */
    public record Srv(String fullName, String service, String host, String instance, String address, boolean alive,
                      String role, String lastSeen) {
    }

    public ServiceMap {
        groups = List.copyOf(groups);
    }

    public Optional<Group> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /**
     * The server with a role for an instance: in its own node group ({@code node cox-1} holds the main and the slave
     * of cox-1), or, where one group holds several instances ({@code node 01} with fate-1 and fate-2), the server of
     * that instance.
     */
    private Optional<Srv> withRole(String instance, String role) {
        Optional<Srv> inGroup = group(instance)
                .flatMap(g -> g.servers().stream().filter(s -> s.role().equals(role)).findFirst());
        if (inGroup.isPresent()) {
            return inGroup;
        }
        return groups.stream().flatMap(g -> g.servers().stream())
                .filter(s -> s.instance().equals(instance) && s.role().equals(role)).findFirst();
    }

    public String slaveHost(String group) {
        return withRole(group, "slave").map(Srv::host).orElse(null);
    }

    public String slaveFullName(String group) {
        return withRole(group, "slave").map(Srv::fullName).orElse(null);
    }

    public String mainHost(String group) {
        return withRole(group, "main").map(Srv::host).orElse(null);
    }

    public String mainFullName(String group) {
        return withRole(group, "main").map(Srv::fullName).orElse(null);
    }

    /** "main" or "slave" for a server's full name, null when the map has no such server. */
    public String roleOf(String fullName) {
        return groups.stream().flatMap(g -> g.servers().stream()).filter(s -> s.fullName().equals(fullName))
                .map(Srv::role).findFirst().orElse(null);
    }

    /** The header says automatic role switching is blocked after a previous switch. */
    public boolean autoflipBlocked() {
        return autoflip != null && autoflip.startsWith("disable due to previous autoflip");
    }

    public boolean autoflipEnabled() {
        return "enable".equals(autoflip);
    }

    public boolean allAlive() {
        return groups.stream().flatMap(g -> g.servers().stream()).allMatch(Srv::alive);
    }
}
