package io.harunbooks.messenger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MySQL topology as {@code /usr/local/bin/orch_topo.sh} prints it: per instance its marker (none for a master,
 * {@code +} for a working replica, {@code -} for a broken one) and its bracketed state
 * ({@code [0s,ok,8.0.27-18,rw,ROW,>>,GTID]}).
 */
public record OrchTopology(List<Instance> instances) {

    public enum Marker { MASTER, REPLICA, BROKEN }

    /**
     * One line. {@code cluster} is the Kubernetes namespace ({@code files} in {@code ….mysql.files:3306}).
     *
     * @param lag    {@code 0s}, or {@code null} when the tool prints null
     * @param errant the GTID field says {@code GTID:errant}
     */
    public record Instance(Marker marker, String name, String alias, String cluster, String lag, String status,
                           String version, boolean readOnly, boolean errant) {
    }

    public OrchTopology {
        instances = List.copyOf(instances);
    }

    private Map<String, List<Instance>> byCluster() {
        Map<String, List<Instance>> m = new LinkedHashMap<>();
        instances.forEach(i -> m.computeIfAbsent(i.cluster(), k -> new java.util.ArrayList<>()).add(i));
        return m;
    }

    /** A cluster shows two or more lines without a replica marker. */
    public boolean twoMasters() {
        return byCluster().values().stream()
                .anyMatch(list -> list.stream().filter(i -> i.marker() == Marker.MASTER).count() > 1);
    }

    /** A line without marker that is not a working master (read-only or not replicating): a replica without master. */
    public boolean replicaWithoutMaster() {
        return instances.stream().anyMatch(i -> i.marker() == Marker.MASTER
                && (i.readOnly() || "nonreplicating".equals(i.status())));
    }

    /** Two masters or a replica without master: the seed sends these to support. */
    public boolean needsSupport() {
        return twoMasters() || replicaWithoutMaster();
    }

    public List<String> brokenReplicas() {
        return instances.stream().filter(i -> i.marker() == Marker.BROKEN).map(Instance::name).toList();
    }

    /** Working replicas ({@code +}) with errant transactions. */
    public List<String> errantReplicas() {
        return instances.stream().filter(i -> i.marker() == Marker.REPLICA && i.errant()).map(Instance::name).toList();
    }

    public String firstBrokenReplica() {
        return brokenReplicas().stream().findFirst().orElse(null);
    }

    public String firstErrantReplica() {
        return errantReplicas().stream().findFirst().orElse(null);
    }

    /** Every instance ok, no broken or errant replica, one writable master per cluster. */
    public boolean healthy() {
        return !needsSupport() && brokenReplicas().isEmpty()
                && instances.stream().allMatch(i -> "ok".equals(i.status()) && !i.errant());
    }
}
