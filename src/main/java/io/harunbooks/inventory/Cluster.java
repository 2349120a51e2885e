package io.harunbooks.inventory;

import java.util.List;
import java.util.Optional;

/**
 * A named group of hosts one runbook run works on; the run's business key is the cluster name. Its databases are
 * the ones SQL steps may query.
 */
public record Cluster(String name, String system, List<Host> hosts, List<Database> databases) {

    public Cluster {
        hosts = List.copyOf(hosts);
        databases = databases == null ? List.of() : List.copyOf(databases);
    }

    /** A cluster without databases. */
    public Cluster(String name, String system, List<Host> hosts) {
        this(name, system, hosts, List.of());
    }

    public Optional<Host> host(String hostName) {
        return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst();
    }

    public List<Host> hostsWithRole(String role) {
        return hosts.stream().filter(h -> h.hasRole(role)).toList();
    }

    /** A database by its name, else the (first) database that runs on the host of that name. */
    public Optional<Database> database(String nameOrHost) {
        return databases.stream().filter(d -> d.name().equals(nameOrHost)).findFirst()
                .or(() -> databases.stream().filter(d -> d.host().equals(nameOrHost)).findFirst());
    }
}
