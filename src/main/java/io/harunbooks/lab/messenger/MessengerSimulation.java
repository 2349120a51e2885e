package io.harunbooks.lab.messenger;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabSimulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The controller pair (Ctlr) of a Messenger/VKS cluster as the seed's sections "Проблемы с репликацией
 * контроллера" and "Проблемы с ролями контроллера" describe it: one instance is main, the other a replica; the
 * runbooks read {@code ipros_cluster_show} and the check_mk topology check, stop and start the unit, move or copy
 * the data directory aside and re-replicate with {@code im_deployer}.
 * <p>
 * Every command line is matched exactly (after trimming) against the seed's verbatim command strings; anything
 * else answers like {@code sh}: exit 127, {@code sh: 1: <first word>: not found}. The simulation is stateful and
 * thread-safe (all public methods are synchronized); process tests may call {@link #execute} in-process, the lab's
 * SSH hosts call it for every command they receive.
 * <p>
 * The same nodes also run the messenger services ({@link MessengerServices}: KUST cox, Tarantool badger, MySQL
 * under orchestrator, autoflip of fate): {@link #execute} answers the controller's commands first, then the
 * services', then 127. {@link #inject} takes the faults of both; {@link #state()} shows both.
 */
public final class MessengerSimulation implements LabSimulation {

    /** Topology as the controller on this node sees it (seed, both sections). */
    public static final String IPROS_CLUSTER_SHOW = "echo ipros_cluster_show |nc $(fgrep compot_bind "
            + "/usr/local/etc/ctlr-1.conf |cut -d' ' -f2 |cut -d':' -f1) 4020";
    /** The check_mk local check whose output is the alert. */
    public static final String TOPO_CHECK = "/usr/lib/check_mk_agent/local/ctlr_topo_check.sh";
    public static final String STOP = "systemctl stop ctlr-1";
    public static final String START = "systemctl start ctlr-1";
    public static final String DISABLE = "systemctl disable ctlr-1";
    public static final String ENABLE = "systemctl enable ctlr-1";
    public static final String IS_ACTIVE = "systemctl is-active ctlr-1";
    public static final String MOVE_DATA_ASIDE = "mv /data/ctlr-1 /data/ctlr-1.$(date +%Y%m%d_%H%M)";
    public static final String COPY_DATA_ASIDE = "cp -rp /data/ctlr-1 /data/ctlr-1.$(date +%Y%m%d_%H%M)";
    public static final String CREATE_DATA_DIRS =
            "mkdir -p /data/ctlr-1/{backup,df,log}; chown -R quantum:quantum /data/ctlr-1/";
    public static final String REPLICATE = "/usr/local/bin/im_deployer --ctlr-repl --update";
    public static final String SHOW_CLUSTER_CONF = "fgrep ipros_cluster /usr/local/etc/ctlr-1.conf";

    public static final String HEALTHY = "healthy";
    public static final String REPLICA_LOST = "replica-lost";
    public static final String TWO_MASTERS = "two-masters";
    /** The controller's faults. */
    public static final List<String> CONTROLLER_FAULTS = List.of(HEALTHY, REPLICA_LOST, TWO_MASTERS);
    /** The faults {@link #inject} accepts: the controller's, then the services' ({@link MessengerServices#FAULTS}). */
    public static final List<String> FAULTS = Stream.concat(CONTROLLER_FAULTS.stream(),
            MessengerServices.FAULTS.stream()).toList();

    public static final String DATA_DIR = "/data/ctlr-1";
    public static final String DATA_OWNER = "quantum";
    static final int IPROS_PORT = 2410;
    static final int HISTORY_LIMIT = 200;

    private static final Logger log = LoggerFactory.getLogger(MessengerSimulation.class);
    private static final DateTimeFormatter DATE_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd_HHmm");
    private static final String UNIT_LINK = "/etc/systemd/system/multi-user.target.wants/ctlr-1.service";
    /** Internal (weave) addresses of the seed's nodes. */
    private static final Map<String, String> SEED_ADDRESSES = Map.of("vkt03", "10.32.88.0", "vkt04", "10.32.96.0");
    /**
     * Addresses in {@code ipros_cluster_add} lines where the seed's ctlr-1.conf differs from ipros_cluster_show:
     * the seed prints vkt03 as 10.32.32.0 in the file but 10.32.88.0 in the topology. Kept verbatim so that the
     * fixture matches; nothing in the simulation depends on it.
     */
    private static final Map<String, String> SEED_CONF_ADDRESSES = Map.of("vkt03", "10.32.32.0");

    /** Role of a controller instance. */
    public enum Role { MAIN, REPLICA }

    /** One command a node received. */
    public record CommandRecord(String at, String host, String command, int exit) {
    }

    /**
     * Snapshot of one node.
     *
     * @param dataDirs       directories {@code /data/ctlr-1*} that exist, sorted
     * @param owner          owner of {@code /data/ctlr-1} and its subdirectories, null when it does not exist
     * @param dataSubdirs    subdirectories of {@code /data/ctlr-1}
     * @param dataBroken     the controller's data is corrupt: the unit cannot start on it
     * @param reReplicated   the data in {@code /data/ctlr-1} was freshly pulled from the main by im_deployer
     * @param recentCommands last commands this node received, oldest first
     */
    public record NodeState(String name, String fqdn, String address, Role role, boolean running, boolean enabled,
                            List<String> dataDirs, String owner, List<String> dataSubdirs, boolean dataBroken,
                            boolean reReplicated, List<CommandRecord> recentCommands) {
    }

    /**
     * Snapshot of the cluster.
     *
     * @param lastInjectedFault the fault last injected (the state may have moved on since)
     * @param topologyOk        the controllers' part of ctlr_topo_check.sh: one running main, all others running
     *                          replicas (a blocked autoflip makes the check BAD but not this flag)
     * @param nodes             the nodes sorted by name
     * @param services          the messenger services: {@code kust}, {@code tarantool}, {@code mysql}, {@code autoflip}
     */
    public record State(String lastInjectedFault, boolean topologyOk, List<NodeState> nodes,
                        MessengerServices.ServicesState services) {
    }

    private static final class Node {
        final String name;
        final String fqdn;
        final String address;
        final String confAddress;
        final Deque<CommandRecord> history = new ArrayDeque<>();
        Role role;
        boolean running;
        boolean enabled;
        final TreeSet<String> dataDirs = new TreeSet<>();
        String owner;
        final TreeSet<String> dataSubdirs = new TreeSet<>();
        boolean dataBroken;
        boolean reReplicated;

        Node(String name) {
            this.name = name;
            this.fqdn = name + ".weave.local";
            this.address = SEED_ADDRESSES.getOrDefault(name, derivedAddress(name));
            this.confAddress = SEED_CONF_ADDRESSES.getOrDefault(name, address);
        }

        boolean hasData() {
            return dataDirs.contains(DATA_DIR);
        }

        void healthyData() {
            dataDirs.clear();
            dataDirs.add(DATA_DIR);
            owner = DATA_OWNER;
            dataSubdirs.clear();
            dataSubdirs.addAll(List.of("backup", "df", "log"));
            dataBroken = false;
            reReplicated = false;
        }
    }

    private final Clock clock;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Function<Node, LabAnswer>> commands = new LinkedHashMap<>();
    private final MessengerServices services;
    private String lastInjectedFault;

    /** The seed's pair vkt03 (main) and vkt04 (replica), with the system clock. */
    public MessengerSimulation() {
        this(List.of("vkt03", "vkt04"), Clock.systemDefaultZone());
    }

    public MessengerSimulation(Collection<String> nodeNames) {
        this(nodeNames, Clock.systemDefaultZone());
    }

    /**
     * @param nodeNames at least two host names; sorted by name, the first is the main, the others replicas
     * @param clock     evaluates {@code $(date +%Y%m%d_%H%M)} in its zone
     */
    public MessengerSimulation(Collection<String> nodeNames, Clock clock) {
        this(nodeNames, clock, MessengerServices.DEFAULT_SETTLE_TIME);
    }

    /**
     * @param nodeNames  at least two host names; sorted by name, the first is the main, the others replicas
     * @param clock      evaluates {@code $(date +%Y%m%d_%H%M)} in its zone, and times the services
     * @param settleTime how long a Tarantool resync and a MySQL errant fix take ({@code runbooks.lab.settle-time})
     */
    public MessengerSimulation(Collection<String> nodeNames, Clock clock, Duration settleTime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        List<String> names = nodeNames.stream().distinct().sorted().toList();
        if (names.size() < 2) {
            throw new IllegalArgumentException("a controller cluster needs at least two nodes, got " + names);
        }
        names.forEach(n -> nodes.put(n, new Node(n)));
        commands.put(IPROS_CLUSTER_SHOW, this::iprosClusterShow);
        commands.put(TOPO_CHECK, this::topoCheck);
        commands.put(STOP, this::stop);
        commands.put(START, this::start);
        commands.put(DISABLE, this::disable);
        commands.put(ENABLE, this::enable);
        commands.put(IS_ACTIVE, this::isActive);
        commands.put(MOVE_DATA_ASIDE, this::moveDataAside);
        commands.put(COPY_DATA_ASIDE, this::copyDataAside);
        commands.put(CREATE_DATA_DIRS, this::createDataDirs);
        commands.put(REPLICATE, this::replicate);
        commands.put(SHOW_CLUSTER_CONF, this::showClusterConf);
        Map<String, String> addresses = new LinkedHashMap<>();
        nodes.values().forEach(n -> addresses.put(n.name, n.address));
        this.services = new MessengerServices(addresses, clock, settleTime);
        reset(HEALTHY);
    }

    /** Host names of the nodes, sorted. */
    public synchronized List<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    /**
     * Runs one command line on one node, as {@code sh -c} would.
     *
     * @throws IllegalArgumentException if the host is not a node of this simulation
     */
    @Override
    public LabAnswer execute(String hostName, String commandLine, java.util.function.Supplier<String> stdin) {
        return execute(hostName, commandLine);
    }

    @Override
    public List<String> faults() {
        return FAULTS;
    }

    public synchronized LabAnswer execute(String hostName, String commandLine) {
        Node node = require(hostName);
        String line = commandLine == null ? "" : commandLine.trim();
        Function<Node, LabAnswer> command = commands.get(line);
        LabAnswer answer;
        if (command != null) {
            answer = command.apply(node);
        } else {
            answer = services.execute(hostName, line).orElse(null);
            if (answer == null) {
                answer = LabAnswer.notFound(line);
                log.warn("Lab {}: unknown command, answering {}: {}", hostName, answer.exit(), line);
            }
        }
        node.history.addLast(new CommandRecord(clock.instant().toString(), hostName, line, answer.exit()));
        while (node.history.size() > HISTORY_LIMIT) {
            node.history.removeFirst();
        }
        return answer;
    }

    /**
     * Puts the cluster into a known state: {@code healthy} (first node main, the others replicas, all running and
     * enabled), {@code replica-lost} (the last node's controller crashed on broken data), {@code two-masters}
     * (the first two nodes both run as main); the services' faults ({@link MessengerServices#FAULTS}) leave the
     * controllers healthy. Every fault first resets controllers and services to healthy. Command histories are kept.
     *
     * @throws IllegalArgumentException for any other fault, naming the valid ones
     */
    @Override
    public synchronized void inject(String fault) {
        if (!FAULTS.contains(fault)) {
            throw new IllegalArgumentException("unknown fault '" + fault + "' (valid faults: "
                    + String.join(", ", FAULTS) + ")");
        }
        reset(fault);
        services.reset(fault);
        log.info("Lab messenger simulation {}: fault '{}' injected", nodes.keySet(), fault);
    }

    private void reset(String fault) {
        List<Node> all = List.copyOf(nodes.values());
        for (int i = 0; i < all.size(); i++) {
            Node n = all.get(i);
            n.role = i == 0 ? Role.MAIN : Role.REPLICA;
            n.running = true;
            n.enabled = true;
            n.healthyData();
        }
        if (REPLICA_LOST.equals(fault)) {
            Node lost = all.get(all.size() - 1);
            lost.running = false;
            lost.dataBroken = true;
        } else if (TWO_MASTERS.equals(fault)) {
            all.get(1).role = Role.MAIN;
        }
        lastInjectedFault = fault;
    }

    @Override
    public synchronized State state() {
        return new State(lastInjectedFault, topologyOk(), nodes.values().stream().map(this::snapshot).toList(),
                services.state());
    }

    public synchronized NodeState node(String hostName) {
        return snapshot(require(hostName));
    }

    /** Commands the node received, oldest first (the last {@value #HISTORY_LIMIT}). */
    public synchronized List<CommandRecord> history(String hostName) {
        return List.copyOf(require(hostName).history);
    }

    /** Command lines the node received, oldest first. */
    public synchronized List<String> commandLines(String hostName) {
        return require(hostName).history.stream().map(CommandRecord::command).toList();
    }

    private NodeState snapshot(Node n) {
        return new NodeState(n.name, n.fqdn, n.address, n.role, n.running, n.enabled, List.copyOf(n.dataDirs),
                n.owner, List.copyOf(n.dataSubdirs), n.dataBroken, n.reReplicated, List.copyOf(n.history));
    }

    private Node require(String hostName) {
        Node node = nodes.get(hostName);
        if (node == null) {
            throw new IllegalArgumentException("host '" + hostName + "' is not a node of this simulation (nodes: "
                    + nodes.keySet() + ")");
        }
        return node;
    }

    private List<Node> peers(Node self) {
        return nodes.values().stream().filter(n -> n != self).toList();
    }

    private boolean topologyOk() {
        boolean allRunning = nodes.values().stream().allMatch(n -> n.running);
        long mains = nodes.values().stream().filter(n -> n.role == Role.MAIN).count();
        return allRunning && mains == 1;
    }

    // --- commands -------------------------------------------------------------------------------------------

    /**
     * {@code ipros_cluster_show}: one line per node sorted by name, {@code <fqdn>      <ip>:2410 <state>}. The seed
     * prints six spaces after the fqdn and one before the state in its roles section; its replication section
     * shows two spaces before the state (replica-lost-vkt03.txt, rebuilt-vkt03.txt). The simulation prints one;
     * parsers must accept runs of spaces.
     */
    private LabAnswer iprosClusterShow(Node self) {
        if (!self.running) {
            return LabAnswer.fail(1, "nc: connect to " + self.address + " port 4020 (tcp) failed: Connection refused\n");
        }
        StringBuilder out = new StringBuilder();
        for (Node n : nodes.values()) {
            String state;
            if (n == self) {
                state = n.role == Role.MAIN ? "self main" : "self";
            } else if (!n.running || (n.role == Role.MAIN && self.role == Role.MAIN)) {
                state = "dead"; // split brain: each main sees the other main dead
            } else {
                state = n.role == Role.MAIN ? "alive main" : "alive";
            }
            out.append(n.fqdn).append("      ").append(n.address).append(':').append(IPROS_PORT).append(' ')
                    .append(state).append('\n');
        }
        return LabAnswer.ok(out.toString());
    }

    /**
     * The check_mk local check always exits 0; the first field of its line is the check's state. With the
     * controllers fine but a service's autoflip blocked it prints the seed's autoflip alert (with its "- -").
     */
    private LabAnswer topoCheck(Node self) {
        if (topologyOk()) {
            List<String> blocked = services.autoflipBlockedMaps();
            if (!blocked.isEmpty()) {
                return LabAnswer.ok("2 ctlr_topo_check - - ctlr topology is BAD: autoflip blocked for maps: ["
                        + String.join(", ", blocked) + "]\n");
            }
            return LabAnswer.ok("0 ctlr_topo_check - ctlr topology is OK\n");
        }
        Node suspect = nodes.values().stream().filter(n -> !n.running).findFirst()
                .or(() -> peers(self).stream().filter(n -> n.role == Role.MAIN).findFirst())
                .orElseGet(() -> peers(self).get(0));
        return LabAnswer.ok("2 ctlr_topo_check - ctlr topology is BAD: ctlr has no active replicas, check ctlr logs on "
                + suspect.name + "\n");
    }

    private LabAnswer stop(Node self) {
        self.running = false;
        return LabAnswer.ok("");
    }

    /**
     * The unit fails to start without a usable data directory (missing or broken data); the message is what systemd
     * prints for a unit whose start fails. On usable data the controller starts in the role it had.
     */
    private LabAnswer start(Node self) {
        if (self.running) {
            return LabAnswer.ok("");
        }
        if (!self.hasData() || self.dataBroken) {
            return LabAnswer.fail(1, "Job for ctlr-1.service failed because the control process exited with error "
                    + "code.\nSee \"systemctl status ctlr-1.service\" and \"journalctl -xeu ctlr-1.service\" for "
                    + "details.\n");
        }
        self.running = true;
        return LabAnswer.ok("");
    }

    private LabAnswer disable(Node self) {
        if (!self.enabled) {
            return LabAnswer.ok("");
        }
        self.enabled = false;
        return new LabAnswer(0, "", "Removed \"" + UNIT_LINK + "\".\n");
    }

    private LabAnswer enable(Node self) {
        if (self.enabled) {
            return LabAnswer.ok("");
        }
        self.enabled = true;
        return new LabAnswer(0, "", "Created symlink " + UNIT_LINK + " → /lib/systemd/system/ctlr-1.service.\n");
    }

    private LabAnswer isActive(Node self) {
        return self.running ? LabAnswer.ok("active\n") : new LabAnswer(3, "inactive\n", "");
    }

    /** {@code $(date +%Y%m%d_%H%M)} evaluated with the simulation's clock in its zone. */
    private String suffixed() {
        return DATA_DIR + "." + DATE_SUFFIX.format(clock.instant().atZone(clock.getZone()));
    }

    private LabAnswer moveDataAside(Node self) {
        if (!self.hasData()) {
            return LabAnswer.fail(1, "mv: cannot stat '" + DATA_DIR + "': No such file or directory\n");
        }
        self.dataDirs.remove(DATA_DIR);
        self.dataDirs.add(suffixed());
        self.owner = null;
        self.dataSubdirs.clear();
        self.dataBroken = false;
        self.reReplicated = false;
        return LabAnswer.ok("");
    }

    private LabAnswer copyDataAside(Node self) {
        if (!self.hasData()) {
            return LabAnswer.fail(1, "cp: cannot stat '" + DATA_DIR + "': No such file or directory\n");
        }
        self.dataDirs.add(suffixed());
        return LabAnswer.ok("");
    }

    private LabAnswer createDataDirs(Node self) {
        if (!self.hasData()) {
            self.dataDirs.add(DATA_DIR);
            self.dataBroken = false;
            self.reReplicated = false;
        }
        self.dataSubdirs.addAll(List.of("backup", "df", "log"));
        self.owner = DATA_OWNER;
        return LabAnswer.ok("");
    }

    /**
     * {@code im_deployer --ctlr-repl --update}: pulls the data from the running main and starts this node as its
     * replica. The seed shows no output of it: the refusal and progress texts are invented, only the exit status
     * is meant to be relied on.
     */
    private LabAnswer replicate(Node self) {
        if (self.running) {
            return LabAnswer.fail(1, "ERROR: ctlr-1 is running, stop it first\n");
        }
        if (!self.hasData()) {
            return LabAnswer.fail(1, "ERROR: " + DATA_DIR + " does not exist\n");
        }
        Optional<Node> main = peers(self).stream().filter(n -> n.running && n.role == Role.MAIN).findFirst();
        if (main.isEmpty()) {
            return LabAnswer.fail(1, "ERROR: no running ctlr main found in the cluster\n");
        }
        Node m = main.get();
        self.role = Role.REPLICA;
        self.running = true;
        self.dataBroken = false;
        self.reReplicated = true;
        self.owner = DATA_OWNER;
        self.dataSubdirs.addAll(List.of("backup", "df", "log"));
        return LabAnswer.ok("INFO: ctlr-1: replica mode, main is " + m.fqdn + " " + m.address + ":" + IPROS_PORT + "\n"
                + "INFO: ctlr-1: pulling data from " + m.fqdn + " into " + DATA_DIR + "\n"
                + "INFO: ctlr-1: data synchronized\n"
                + "INFO: ctlr-1: service started as replica\n");
    }

    /**
     * The cluster lines of ctlr-1.conf: the nodes in the seed's order (descending by name), and the main this node
     * believes in (itself when main, else the main peer).
     */
    private LabAnswer showClusterConf(Node self) {
        StringBuilder out = new StringBuilder("ipros_clustered true\n");
        nodes.values().stream().sorted(Comparator.comparing((Node n) -> n.name).reversed()).forEach(n ->
                out.append("ipros_cluster_add ").append(n.fqdn).append(' ').append(n.confAddress).append(':')
                        .append(IPROS_PORT).append('\n'));
        Node main = self.role == Role.MAIN ? self : peers(self).stream()
                .filter(n -> n.role == Role.MAIN)
                .min(Comparator.comparing((Node n) -> !n.running))
                .orElse(peers(self).get(0));
        out.append("ipros_cluster_main ").append(main.fqdn).append('\n');
        return LabAnswer.ok(out.toString());
    }

    /** A stable 10.32.x.0 address for node names the seed does not know. */
    static String derivedAddress(String name) {
        return "10.32." + (8 * (1 + Math.floorMod(name.hashCode(), 31))) + ".0";
    }

    @Override
    public synchronized String toString() {
        return "MessengerSimulation" + nodes.values().stream()
                .map(n -> n.name + "=" + n.role + (n.running ? "" : "(down)"))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
