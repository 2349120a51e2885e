package io.harunbooks.lab;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One simulated cluster of the lab: its inventory name and system, its hosts (name, loopback address, inventory
 * roles) and the simulation that answers their commands.
 *
 * @param cluster    inventory name of the cluster (the business key of its runs), e.g. {@code compass-lab}
 * @param system     inventory system, e.g. {@code compass}
 * @param hosts      host name -> loopback address, in inventory order
 * @param roles      host name -> inventory roles
 * @param simulation answers the hosts' commands
 */
public record LabSystem(String cluster, String system, Map<String, String> hosts, Map<String, List<String>> roles,
                        LabSimulation simulation) {

    public LabSystem {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(simulation, "simulation");
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        roles = Map.copyOf(roles);
        for (String host : hosts.keySet()) {
            if (!roles.containsKey(host)) {
                throw new IllegalArgumentException("lab cluster " + cluster + ": host " + host + " has no roles");
            }
        }
    }
}
