package io.harunbooks.lab.skoor;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabSimulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A SKOOR (eRanger) server pair as seed 003 describes it: PostgreSQL replication from the primary (master) to the
 * standby (slave), {@code eRanger.sh status} per node, and {@code eranger-server-replication.pl} with the SKOOR 6.2
 * semantics.
 * <ul>
 *   <li>{@code switch} / {@code -f switch}, on the standby or on the primary: the slave becomes master and starts
 *       eranger-server, collector, report (the seed's output, addresses substituted); the old master, if it is up,
 *       stops them and shows {@code stopped (postgresql slave)}. Switching away from the primary configured in
 *       eranger-replication.cfg is a failover only: replication must then be re-created with {@code createslave}
 *       on the new primary. Switching back to the configured primary copies the database to the configured standby
 *       ({@code copied file to /var/lib/pgsql/data/}, as in the seed's {@code -f switch} example) and leaves
 *       replication running. A switch from a slave whose master is up but not replicating to it fails (the seed:
 *       "Avant de revenir à l'ancien primaire, il faut effectuer un createslave sur le nouveau primaire"). If the
 *       master is down the slave takes over alone; the old master stays configured as master.</li>
 *   <li>Without {@code -f} the script prints its prompt {@code press ENTER to continue, Ctrl-C to abort >} and reads
 *       one line from standard input. Like Perl's {@code <STDIN>}, the read returns at a newline and also at the end
 *       of the input: an empty or closed standard input continues exactly like ENTER (only Ctrl-C aborts). A runbook
 *       must therefore never run it unattended: it asks a person, then runs {@code -f switch}.</li>
 *   <li>{@code createslave} on the master makes the other node its slave (database copied, services stopped); it
 *       refuses while eranger-server, eranger-collector or eranger-scheduler still run there (the seed's warning
 *       about the old primary that comes back still configured as primary).</li>
 * </ul>
 * A node that is down answers every command with exit 255. Unknown commands answer 127. Thread-safe (synchronized).
 */
public final class SkoorSimulation implements LabSimulation {

    public static final String STATUS = "/opt/eranger/bin/eRanger.sh status";
    public static final String SWITCH = "/opt/eranger/bin/eranger-server-replication.pl switch";
    public static final String FORCED_SWITCH = "/opt/eranger/bin/eranger-server-replication.pl -f switch";
    public static final String CREATE_SLAVE = "/opt/eranger/bin/eranger-server-replication.pl createslave";
    public static final String STOP_SERVER = "service eranger-server stop";
    public static final String STOP_COLLECTOR = "service eranger-collector stop";
    public static final String STOP_SCHEDULER = "service eranger-scheduler stop";

    public static final String SERVER = "eranger-server";
    public static final String COLLECTOR = "eranger-collector";
    public static final String REPORT = "eranger-report";
    public static final String SCHEDULER = "eranger-scheduler";
    public static final String AGENT = "eranger-agent";
    private static final List<String> SERVICES = List.of(SERVER, COLLECTOR, REPORT, SCHEDULER, AGENT);

    public static final String HEALTHY = "healthy";
    /** The primary is down (unreachable); the standby still waits as slave. */
    public static final String PRIMARY_DOWN = "primary-down";
    /** The standby is down. */
    public static final String STANDBY_DOWN = "standby-down";
    /** The standby shows {@code postgresql replication: stopped}: it no longer receives the primary's data. */
    public static final String REPLICATION_BROKEN = "replication-broken";
    /** After a switch to the standby while the primary was up: roles swapped, replication not yet re-created. */
    public static final String SWITCHED = "switched";
    /**
     * After a failover while the primary was down: the old primary came back still configured as primary, with
     * eranger-server, collector, report and scheduler running (two primaries).
     */
    public static final String OLD_PRIMARY_BROKEN = "old-primary-broken";
    public static final List<String> FAULTS = List.of(HEALTHY, PRIMARY_DOWN, STANDBY_DOWN, REPLICATION_BROKEN, SWITCHED,
            OLD_PRIMARY_BROKEN);

    /** The seed's addresses: primary 10.1.0.88, standby 10.1.0.89, virtual IP 10.1.0.90. */
    static final String PRIMARY_ADDRESS = "10.1.0.88";
    static final String STANDBY_ADDRESS = "10.1.0.89";
    static final String VIP = "10.1.0.90";
    static final int HISTORY_LIMIT = 200;
    private static final String SCRIPT = "/opt/eranger/bin/eranger-server-replication.pl";
    private static final Logger log = LoggerFactory.getLogger(SkoorSimulation.class);

    /** One command a node received. */
    public record CommandRecord(String at, String host, String command, int exit) {
    }

    /**
     * Snapshot of one node.
     *
     * @param up             the node answers (false: down, every command fails with 255)
     * @param master         configured as PostgreSQL master (the primary) rather than slave
     * @param services       eranger-server, -collector, -report, -scheduler, -agent: running or not
     * @param pgReplication  {@code Status postgresql replication} shows started
     */
    public record NodeState(String name, String address, boolean configuredPrimary, boolean up, boolean master,
                            Map<String, Boolean> services, boolean pgReplication, List<CommandRecord> recentCommands) {
    }

    /**
     * Snapshot of the pair.
     *
     * @param replicating the standby receives the primary's data (replication created, not broken)
     * @param vipHolder   the node holding the virtual IP
     * @param primaries   nodes configured as master that are up with eranger-server running
     */
    public record State(String lastInjectedFault, boolean replicating, String vipHolder, List<String> primaries,
                        List<NodeState> nodes) {
    }

    private static final class Node {
        final String name;
        final String address;
        final boolean configuredPrimary;
        final Map<String, Boolean> services = new LinkedHashMap<>();
        final Deque<CommandRecord> history = new ArrayDeque<>();
        boolean up;
        boolean master;
        boolean pgReplication;

        Node(String name, String address, boolean configuredPrimary) {
            this.name = name;
            this.address = address;
            this.configuredPrimary = configuredPrimary;
        }

        void run(boolean running) {
            SERVICES.forEach(s -> services.put(s, running));
        }

        boolean running(String service) {
            return services.getOrDefault(service, false);
        }
    }

    private final Clock clock;
    private final Node primary;
    private final Node standby;
    private boolean replicating;
    private Node vipHolder;
    private String lastInjectedFault;

    /** The seed's pair as lab hosts skoor1 (primary) and skoor2 (standby), with the system clock. */
    public SkoorSimulation() {
        this("skoor1", "skoor2", Clock.systemDefaultZone());
    }

    /**
     * @param primaryHost the host configured as primary in eranger-replication.cfg (seed address 10.1.0.88)
     * @param standbyHost the host configured as standby (seed address 10.1.0.89)
     * @param clock       times the command history
     */
    public SkoorSimulation(String primaryHost, String standbyHost, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (primaryHost.equals(standbyHost)) {
            throw new IllegalArgumentException("primary and standby must be two hosts, got " + primaryHost + " twice");
        }
        this.primary = new Node(primaryHost, PRIMARY_ADDRESS, true);
        this.standby = new Node(standbyHost, STANDBY_ADDRESS, false);
        reset(HEALTHY);
    }

    @Override
    public List<String> faults() {
        return FAULTS;
    }

    @Override
    public synchronized LabAnswer execute(String host, String commandLine, Supplier<String> stdin) {
        Node node = require(host);
        String line = commandLine == null ? "" : commandLine.trim();
        LabAnswer answer;
        if (!node.up) {
            answer = LabAnswer.fail(255, "ssh: connect to host " + node.address + " port 22: No route to host\n");
        } else {
            answer = switch (line) {
                case STATUS -> LabAnswer.ok(status(node));
                case SWITCH -> doSwitch(node, false, stdin);
                case FORCED_SWITCH -> doSwitch(node, true, stdin);
                case CREATE_SLAVE -> createSlave(node);
                case STOP_SERVER -> stop(node, SERVER);
                case STOP_COLLECTOR -> stop(node, COLLECTOR);
                case STOP_SCHEDULER -> stop(node, SCHEDULER);
                default -> null;
            };
            if (answer == null) {
                answer = LabAnswer.notFound(line);
                log.warn("Lab {}: unknown command, answering {}: {}", host, answer.exit(), line);
            }
        }
        node.history.addLast(new CommandRecord(clock.instant().toString(), host, line, answer.exit()));
        while (node.history.size() > HISTORY_LIMIT) {
            node.history.removeFirst();
        }
        return answer;
    }

    /**
     * Puts the pair into a fault's state, always starting from healthy (primary master with its services running,
     * standby slave, replication running, VIP on the primary). Command histories are kept.
     */
    @Override
    public synchronized void inject(String fault) {
        if (!FAULTS.contains(fault)) {
            throw new IllegalArgumentException("unknown fault '" + fault + "' (valid faults: " + String.join(", ", FAULTS)
                    + ")");
        }
        reset(fault);
        log.info("Lab SKOOR simulation {}/{}: fault '{}' injected", primary.name, standby.name, fault);
    }

    private void reset(String fault) {
        for (Node n : List.of(primary, standby)) {
            n.up = true;
            n.pgReplication = true;
        }
        becomeMaster(primary);
        becomeSlave(standby);
        replicating = true;
        vipHolder = primary;
        switch (fault) {
            case PRIMARY_DOWN -> primary.up = false;
            case STANDBY_DOWN -> standby.up = false;
            case REPLICATION_BROKEN -> {
                standby.pgReplication = false;
                replicating = false;
            }
            case SWITCHED -> {
                becomeMaster(standby);
                becomeSlave(primary);
                replicating = false;
                vipHolder = standby;
            }
            case OLD_PRIMARY_BROKEN -> {
                becomeMaster(standby);
                replicating = false;
                vipHolder = standby;
            }
            default -> {
            }
        }
        lastInjectedFault = fault;
    }

    private static void becomeMaster(Node n) {
        n.master = true;
        n.run(true);
    }

    private static void becomeSlave(Node n) {
        n.master = false;
        n.run(false);
    }

    @Override
    public synchronized State state() {
        List<String> primaries = List.of(primary, standby).stream().filter(n -> n.up && n.master && n.running(SERVER))
                .map(n -> n.name).toList();
        return new State(lastInjectedFault, replicating, vipHolder.name, primaries,
                List.of(snapshot(primary), snapshot(standby)));
    }

    public synchronized NodeState node(String host) {
        return snapshot(require(host));
    }

    /** Command lines the node received, oldest first. */
    public synchronized List<String> commandLines(String host) {
        return require(host).history.stream().map(CommandRecord::command).toList();
    }

    private NodeState snapshot(Node n) {
        return new NodeState(n.name, n.address, n.configuredPrimary, n.up, n.master, Map.copyOf(n.services),
                n.pgReplication, List.copyOf(n.history));
    }

    private Node require(String host) {
        if (primary.name.equals(host)) {
            return primary;
        }
        if (standby.name.equals(host)) {
            return standby;
        }
        throw new IllegalArgumentException("host '" + host + "' is not a node of this simulation (nodes: "
                + primary.name + ", " + standby.name + ")");
    }

    private Node peer(Node n) {
        return n == primary ? standby : primary;
    }

    // --- commands -------------------------------------------------------------------------------------------

    /** {@code eRanger.sh status} in the seed's format (the standby's output has the smsd line, the primary's not). */
    private static String status(Node n) {
        StringBuilder out = new StringBuilder();
        out.append("Running /opt/eranger/bin/eRanger.sh with root privileges...\n");
        out.append("eRanger Server installation...\n\n");
        out.append("Current eRanger Status:\n\n");
        line(out, "postgresql", "started");
        line(out, "postgresql replication", n.pgReplication ? "started" : "stopped");
        line(out, "postfix", "started");
        line(out, "rsyslog", "started");
        line(out, "snmptrapd", "stopped");
        line(out, "http server", "started");
        if (!n.master) {
            line(out, "smsd", "stopped");
        }
        String stopped = n.master ? "stopped" : "stopped (postgresql slave)";
        line(out, "eRanger Server", n.running(SERVER) ? "started" : stopped);
        line(out, "eRanger Collector", n.running(COLLECTOR) ? "started" : stopped);
        line(out, "eRanger Report", n.running(REPORT) ? "started" : stopped);
        line(out, "eRanger Agent", n.running(AGENT) ? "started" : "stopped");
        line(out, "eRanger Webservice", "started");
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String state) {
        String head = "Status " + label + ":";
        out.append(head).append(" ".repeat(Math.max(1, 32 - head.length()))).append(state).append('\n');
    }

    private static String checkingSsh(Node n) {
        return n.address + " \n" + n.address + " checking ssh for user reranger\n";
    }

    private LabAnswer doSwitch(Node self, boolean forced, Supplier<String> stdin) {
        Node other = peer(self);
        StringBuilder out = new StringBuilder(checkingSsh(self)).append("\n\n");
        String otherRole = other.master ? "master" : "slave";
        out.append("localhost (").append(self.address).append(") is ").append(self.master ? "master" : "slave")
                .append(", ").append(otherRole).append(' ').append(other.address).append(" is ")
                .append(other.up ? "up" : "down").append("\n\n");
        Node newMaster;
        if (self.master && other.up && other.master) {
            return failed(out, "ERROR: localhost (" + self.address + ") and " + other.address
                    + " are both master: nothing to switch");
        } else if (!self.master && !(other.up && other.master)) {
            if (other.up) {
                return failed(out, "ERROR: no master: localhost (" + self.address + ") and " + other.address
                        + " are both slave");
            }
            newMaster = self; // master down: failover
        } else if (self.master) {
            if (!other.up) {
                return failed(out, "ERROR: slave " + other.address + " is down: run the switch on the slave");
            }
            newMaster = other;
        } else {
            newMaster = self;
        }
        Node oldMaster = peer(newMaster);
        if (oldMaster.up && !replicating) {
            return failed(out, "ERROR: replication from master " + oldMaster.address + " to " + newMaster.address
                    + " is not running: run createslave on " + oldMaster.address + " first");
        }
        if (newMaster == self) {
            out.append("will convert localhost to master\nand ").append(oldMaster.address).append(" to slave\n");
        } else {
            out.append("will convert ").append(newMaster.address).append(" to master\nand localhost to slave\n");
        }
        if (!forced) {
            out.append("\npress ENTER to continue, Ctrl-C to abort >\n");
            stdin.get(); // like Perl's <STDIN>: returns at a newline and at the end of the input alike
        }
        boolean copy = oldMaster.up && newMaster.configuredPrimary;
        out.append(switchBody(newMaster.address, oldMaster.address, oldMaster.up, copy));
        out.append(checkingSsh(newMaster));
        becomeMaster(newMaster);
        if (oldMaster.up) {
            becomeSlave(oldMaster);
            vipHolder = newMaster;
        } else {
            vipHolder = newMaster;
        }
        replicating = copy;
        return LabAnswer.ok(out.toString());
    }

    private static LabAnswer failed(StringBuilder out, String error) {
        out.append(error).append('\n');
        return new LabAnswer(1, out.toString(), "");
    }

    /** The seed's switch output from {@code calling script … pre s2m} to {@code … post m2s}. */
    static String switchBody(String m, String old, boolean oldUp, boolean copy) {
        StringBuilder b = new StringBuilder();
        b.append(m).append(" calling script /opt/eranger/sbin/vip-switch.sh ").append(m).append(" pre s2m\n");
        if (oldUp) {
            b.append(old).append(" calling eranger-server-syncfs.sh ").append(m).append('\n');
            b.append(old).append(" calling eranger-server-sync-collector-bin.pl\n");
            b.append(old).append(" calling script /opt/eranger/sbin/vip-switch.sh ").append(m).append(" pre m2s\n");
            b.append(old).append(" OK> ").append(VIP).append(" removed from eth0\n");
        }
        b.append(m).append(" from slave to master\n");
        b.append(m).append(" current master: ").append(old).append('\n');
        startRound(b, m, List.of(
                "httpd:running", "eranger-report:start", "eranger-server:start", "eranger-ethd:start",
                "eranger-eth-alerter:start", "eranger-collector:start", "eranger-agent:running",
                "eranger-ic-alerter:start"));
        if (copy) {
            b.append(m).append(" copied file to /var/lib/pgsql/data/\n");
            b.append("NOTICE:  pg_stop_backup complete, all required WAL segments have been archived\n");
        }
        startRound(b, m, List.of(
                "httpd:running", "eranger-report:running", "eranger-server:running", "eranger-ethd:start",
                "eranger-eth-alerter:start", "eranger-collector:running", "eranger-agent:running",
                "eranger-ic-alerter:start"));
        b.append(m).append(" calling script /opt/eranger/sbin/vip-switch.sh ").append(m).append(" post s2m\n");
        b.append(m).append(" OK> ").append(VIP).append(" added to eth0.\n");
        b.append(m).append(" OK> ").append(VIP).append(" configured in /etc/sysconfig/network-scripts/ifcfg-eth0:0.\n");
        if (oldUp) {
            b.append(old).append(" calling script /opt/eranger/sbin/vip-switch.sh ").append(m).append(" post m2s\n");
        }
        return b.toString();
    }

    private static void startRound(StringBuilder b, String m, List<String> steps) {
        for (String step : steps) {
            String service = step.substring(0, step.indexOf(':'));
            boolean start = step.endsWith(":start");
            b.append(m).append(" eranger start ").append(service).append(" at ").append(SCRIPT).append(" line 1717.\n");
            if (start) {
                b.append(m).append(" start ").append(service).append(" (service ").append(service).append(" )..\n");
                if (service.equals("eranger-collector")) {
                    b.append(m).append(" delete /opt/eranger/collector/ringbuffer1.bin\n");
                }
            } else {
                b.append(m).append(' ').append(service).append(" already running (not starting)\n");
            }
            b.append(m).append(" done\n");
        }
    }

    /** {@code createslave} on the master: the other node becomes its slave (simulation-generated output). */
    private LabAnswer createSlave(Node self) {
        Node other = peer(self);
        StringBuilder out = new StringBuilder(checkingSsh(self)).append("\n\n");
        out.append("localhost (").append(self.address).append(") is ").append(self.master ? "master" : "slave")
                .append(", ").append(other.master ? "master" : "slave").append(' ').append(other.address)
                .append(" is ").append(other.up ? "up" : "down").append("\n\n");
        if (!self.master) {
            return failed(out, "ERROR: localhost (" + self.address + ") is not master: run createslave on the master");
        }
        if (!other.up) {
            return failed(out, "ERROR: " + other.address + " is down: cannot create slave");
        }
        if (other.running(SERVER) || other.running(COLLECTOR) || other.running(SCHEDULER)) {
            return failed(out, "ERROR: eranger-server, eranger-collector or eranger-scheduler running on "
                    + other.address + ": stop them first");
        }
        out.append("will create slave ").append(other.address).append('\n');
        out.append(other.address).append(" copied file to /var/lib/pgsql/data/\n");
        out.append("NOTICE:  pg_stop_backup complete, all required WAL segments have been archived\n");
        out.append(other.address).append(" done\n");
        becomeSlave(other);
        self.pgReplication = true;
        other.pgReplication = true;
        replicating = true;
        return LabAnswer.ok(out.toString());
    }

    private static LabAnswer stop(Node n, String service) {
        boolean wasRunning = n.running(service);
        n.services.put(service, false);
        return LabAnswer.ok(wasRunning ? "Stopping " + service + ":                              [  OK  ]\n" : "");
    }
}
