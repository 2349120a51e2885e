package io.harunbooks.lab;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code runbooks.lab.*}: the simulated cluster of the {@code lab} profile.
 *
 * @param dir     working directory of the lab: client key, host keys, known_hosts, inventory.yaml
 * @param port    SSH port every simulated host listens on (each on its own loopback address); 0 = ephemeral
 * @param cluster inventory name of the simulated messenger cluster
 * @param hosts   host name -> loopback address it listens on; defaults to vkt03 -> 127.0.10.1, vkt04 -> 127.0.10.2
 * @param settleTime how long the simulated services take to settle (a Tarantool replica to resync after its clean,
 *                an errant fix to show in orch_topo); default 1s, tests may shorten it
 * @param resyncTime how long a full DRBD resynchronisation takes on the Ganeti lab (a RAID1 recovery one and a half
 *                times that); default 20s, so that its progress can be watched; tests shorten it
 * @param databases  lab cluster name -> databases its SQL steps may query, written into the lab's inventory
 *                   (e.g. a real MariaDB replica beside the simulated Compass pair); none by default
 * @param delays     command-line regular expression -> how long the lab hosts take before answering such a command
 *                   (to watch a long step in Cockpit, or to test what happens while it runs); none by default
 */
@ConfigurationProperties("runbooks.lab")
public record LabProperties(@DefaultValue("data/lab") Path dir,
                            @DefaultValue("2222") int port,
                            @DefaultValue("msg-lab") String cluster,
                            Map<String, String> hosts,
                            @DefaultValue("1s") Duration settleTime,
                            @DefaultValue("20s") Duration resyncTime,
                            Map<String, List<LabDatabase>> databases,
                            Map<String, Duration> delays) {

    /**
     * A database of a lab cluster, as the inventory names it.
     *
     * @param password a reference ({@code env:NAME}, {@code file:/path}, {@code none}), never the password itself
     */
    public record LabDatabase(String name, String host, String url, String user, String password) {
    }

    /** The hosts used when none are configured. */
    public static final Map<String, String> DEFAULT_HOSTS = Map.of("vkt03", "127.0.10.1", "vkt04", "127.0.10.2");

    public LabProperties {
        if (dir == null) {
            dir = Path.of("data/lab");
        }
        if (cluster == null || cluster.isBlank()) {
            cluster = "msg-lab";
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("runbooks.lab.port " + port + " is not a TCP port (0-65535)");
        }
        if (settleTime == null) {
            settleTime = Duration.ofSeconds(1);
        }
        if (settleTime.isNegative()) {
            throw new IllegalArgumentException("runbooks.lab.settle-time " + settleTime + " is negative");
        }
        if (resyncTime == null) {
            resyncTime = Duration.ofSeconds(20);
        }
        if (resyncTime.isNegative() || resyncTime.isZero()) {
            throw new IllegalArgumentException("runbooks.lab.resync-time " + resyncTime + " must be positive");
        }
        databases = databases == null ? Map.of() : Map.copyOf(databases);
        delays = delays == null ? Map.of() : Map.copyOf(delays);
        delays.forEach((regex, delay) -> {
            try {
                java.util.regex.Pattern.compile(regex);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("runbooks.lab.delays: '" + regex + "' is not a regular expression: "
                        + e.getDescription());
            }
            if (delay.isNegative()) {
                throw new IllegalArgumentException("runbooks.lab.delays: " + delay + " for '" + regex + "' is negative");
            }
        });
        Map<String, String> sorted = new TreeMap<>(hosts == null || hosts.isEmpty() ? DEFAULT_HOSTS : hosts);
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }

    /** The defaults, with the lab directory and port given (tests use a temporary directory and port 0). */
    public static LabProperties of(Path dir, int port) {
        return new LabProperties(dir, port, null, null, null, null, null, null);
    }
}
