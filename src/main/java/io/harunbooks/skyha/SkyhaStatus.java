package io.harunbooks.skyha;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code skyha show} (crm_mon) says about the pair.
 *
 * @param online         nodes listed {@code Online: [ … ]}
 * @param standby        nodes shown {@code Node <n>: standby}
 * @param offline        nodes listed {@code OFFLINE: [ … ]}
 * @param masters        {@code Masters: [ … ]} of the DRBD set
 * @param slaves         {@code Slaves: [ … ]}
 * @param resources      master-group resource → {@code Started <node>} / {@code Stopped} / …, in order
 * @param nodeAttributes node → attribute → value ({@code master-skydata}, {@code pgsql-data-status})
 * @param vip            the virtual IP of {@code Base Info:} ({@code * vip: …}), null if not shown
 * @param addresses      node → IP address of {@code Base Info:}
 */
public record SkyhaStatus(List<String> online, List<String> standby, List<String> offline, List<String> masters,
                          List<String> slaves, Map<String, String> resources,
                          Map<String, Map<String, String>> nodeAttributes, String vip,
                          Map<String, String> addresses) implements Serializable {

    /** The IP address of a node from {@code Base Info:}, null if not shown. */
    public String address(String node) {
        return node == null ? null : addresses.get(node);
    }

    public static final String MASTER_SCORE = "master-skydata";
    public static final String PG_STATUS = "pgsql-data-status";

    /** The DRBD master (the node running the master-group), null when there is none. */
    public String master() {
        return masters.isEmpty() ? null : masters.get(0);
    }

    /** The DRBD slave, null when there is none. */
    public String slave() {
        return slaves.isEmpty() ? null : slaves.get(0);
    }

    /** Two nodes Online, none standby or offline. */
    public boolean bothOnline() {
        return online.size() == 2 && standby.isEmpty() && offline.isEmpty();
    }

    /** Resources of the master-group not {@code Started} on the master. */
    public List<String> stoppedResources() {
        String m = master();
        return resources.entrySet().stream().filter(e -> m == null || !e.getValue().equals("Started " + m))
                .map(Map.Entry::getKey).toList();
    }

    /** {@code master-skydata : 10000} on both nodes (the seed: DRBD in sync). */
    public boolean drbdInSync() {
        return nodeAttributes.size() == 2 && nodeAttributes.values().stream()
                .allMatch(a -> "10000".equals(a.get(MASTER_SCORE)));
    }

    /**
     * {@code pgsql-data-status} LATEST on the master and STREAMING|SYNC on the slave; true where crm_mon shows no
     * such attribute at all (the seed's own example).
     */
    public boolean pgInSync() {
        boolean shown = nodeAttributes.values().stream().anyMatch(a -> a.containsKey(PG_STATUS));
        if (!shown) {
            return true;
        }
        String m = master();
        String s = slave();
        return m != null && s != null && "LATEST".equals(attribute(m, PG_STATUS))
                && "STREAMING|SYNC".equals(attribute(s, PG_STATUS));
    }

    public String attribute(String node, String name) {
        Map<String, String> a = nodeAttributes.get(node);
        return a == null ? null : a.get(name);
    }

    /** What is not as the seed wants it, one item per problem (empty: healthy). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!bothOnline()) {
            p.add("nodes not both Online (online " + online + ", standby " + standby + ", offline " + offline + ")");
        }
        if (masters.size() != 1 || slaves.size() != 1) {
            p.add("DRBD set not one master and one slave (Masters " + masters + ", Slaves " + slaves + ")");
        }
        if (!stoppedResources().isEmpty()) {
            p.add("resources not started on the master: " + stoppedResources());
        }
        if (!drbdInSync()) {
            p.add("master-skydata not 10000 on both nodes (" + attributes(MASTER_SCORE) + ")");
        }
        if (!pgInSync()) {
            p.add("pgsql-data-status not LATEST on the master and STREAMING|SYNC on the slave ("
                    + attributes(PG_STATUS) + ")");
        }
        return p;
    }

    public boolean healthy() {
        return problems().isEmpty();
    }

    /** The problems as one text (for forms and escalations), or {@code healthy}. */
    public String summary() {
        List<String> p = problems();
        return p.isEmpty() ? "healthy: " + online + " online, master " + master() + ", slave " + slave()
                : String.join("; ", p);
    }

    private String attributes(String name) {
        StringBuilder s = new StringBuilder();
        nodeAttributes.forEach((n, a) -> s.append(s.length() == 0 ? "" : ", ").append(n).append(": ")
                .append(a.getOrDefault(name, "-")));
        return s.toString();
    }
}
