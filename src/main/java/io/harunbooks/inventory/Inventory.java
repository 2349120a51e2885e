package io.harunbooks.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who is where: clusters with their hosts, and the known-hosts file every SSH connection is verified against.
 * Resolution happens at run time, by (cluster, host name) or (cluster, role).
 */
public final class Inventory {

    private final Path source;
    private final Path knownHosts;
    private final Map<String, Cluster> clusters;

    public Inventory(Path source, Path knownHosts, List<Cluster> clusters) {
        this.source = source;
        this.knownHosts = knownHosts;
        this.clusters = clusters.stream().collect(Collectors.toUnmodifiableMap(Cluster::name, c -> c));
    }

    public Path source() {
        return source;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public Optional<Cluster> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    public List<Cluster> clusters() {
        return clusters.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    public Cluster requireCluster(String name) {
        return cluster(name).orElseThrow(() -> new UnresolvableTargetException(
                "cluster '" + name + "' is not in the inventory " + source + " (known: " + clusters.keySet() + ")"));
    }

    /** Prefix of a target that any host of a role may serve ({@code any:node}): the seed's "on any node". */
    public static final String ANY = "any:";

    /**
     * Hosts that may serve a target, in the order to try them: for {@code any:<role>} every host of the role sorted
     * by name (a host that cannot be reached is skipped for the next), otherwise the one host {@link #resolve} gives.
     */
    public List<Host> candidates(String clusterName, String target) {
        if (target.startsWith(ANY)) {
            String role = target.substring(ANY.length());
            List<Host> hosts = requireCluster(clusterName).hostsWithRole(role).stream()
                    .sorted((a, b) -> a.name().compareTo(b.name())).toList();
            if (hosts.isEmpty()) {
                throw new UnresolvableTargetException("target '" + target + "': no host of cluster '" + clusterName
                        + "' plays role '" + role + "'");
            }
            return hosts;
        }
        return List.of(resolve(clusterName, target));
    }

    /**
     * Resolves a target to exactly one host: a host name of the cluster, or a role that exactly one host plays.
     */
    public Host resolve(String clusterName, String target) {
        Cluster cluster = requireCluster(clusterName);
        Optional<Host> byName = cluster.host(target);
        if (byName.isPresent()) {
            return byName.get();
        }
        List<Host> byRole = cluster.hostsWithRole(target);
        if (byRole.size() == 1) {
            return byRole.get(0);
        }
        if (byRole.isEmpty()) {
            throw new UnresolvableTargetException("target '" + target + "' in cluster '" + clusterName
                    + "' is neither a host name nor a role any host plays (hosts: "
                    + cluster.hosts().stream().map(Host::name).toList() + ")");
        }
        throw new UnresolvableTargetException("role '" + target + "' in cluster '" + clusterName
                + "' matches " + byRole.size() + " hosts " + byRole.stream().map(Host::name).toList()
                + " where exactly one is required");
    }

    /** Hosts of a role, sorted by name; fails unless exactly {@code expected} hosts play it. */
    public List<Host> hostsWithRole(String clusterName, String role, int expected) {
        List<Host> hosts = requireCluster(clusterName).hostsWithRole(role).stream()
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
        if (hosts.size() != expected) {
            throw new UnresolvableTargetException("role '" + role + "' in cluster '" + clusterName + "' matches "
                    + hosts.size() + " hosts " + hosts.stream().map(Host::name).toList() + " where exactly "
                    + expected + " are required");
        }
        return hosts;
    }
}
