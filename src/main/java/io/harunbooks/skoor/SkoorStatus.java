package io.harunbooks.skoor;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parsed output of {@code /opt/eranger/bin/eRanger.sh status}.
 *
 * @param services every {@code Status <label>: <state>} line, label to state text, in output order
 */
public record SkoorStatus(Map<String, String> services) {

    public static final String POSTGRESQL = "postgresql";
    public static final String REPLICATION = "postgresql replication";
    public static final String SERVER = "eRanger Server";
    public static final String COLLECTOR = "eRanger Collector";
    public static final String REPORT = "eRanger Report";

    /** State of a line, {@link ServiceState#OTHER} when the line is missing. */
    public ServiceState state(String label) {
        String text = services.get(label);
        return text == null ? ServiceState.OTHER : ServiceState.of(text);
    }

    public NodeRole role() {
        ServiceState pg = state(POSTGRESQL);
        ServiceState server = state(SERVER);
        ServiceState collector = state(COLLECTOR);
        ServiceState report = state(REPORT);
        if (pg == ServiceState.STARTED && server == ServiceState.STARTED && collector == ServiceState.STARTED) {
            return NodeRole.PRIMARY;
        }
        if (pg == ServiceState.STARTED && server == ServiceState.STOPPED_SLAVE && collector == ServiceState.STOPPED_SLAVE
                && report == ServiceState.STOPPED_SLAVE) {
            return NodeRole.STANDBY;
        }
        if (server == ServiceState.STOPPED && collector == ServiceState.STOPPED) {
            return NodeRole.STOPPED;
        }
        return NodeRole.BROKEN;
    }

    /** The role's name, for gateways and forms. */
    public String roleName() {
        return role().name();
    }

    /** {@code Status postgresql replication: started}. */
    public boolean replicationStarted() {
        return state(REPLICATION) == ServiceState.STARTED;
    }

    /** One line per service, {@code label: state}. */
    public String summary() {
        return services.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
    }
}
