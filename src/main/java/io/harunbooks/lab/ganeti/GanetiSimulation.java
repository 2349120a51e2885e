package io.harunbooks.lab.ganeti;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabSimulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A two-node Ganeti cluster with DRBD as seed 002 describes it («FAILOVER-процедуры»): nodes {@code gnt1} (installed
 * master) and {@code gnt2} (master candidate), instances {@code web1} and {@code mail1} (primary gnt1, DRBD minors 21
 * and 22) and {@code db1} (primary gnt2, minor 23), and per node RAID1 arrays md0, md1, md2 over sda1..3 and sdb1..3.
 * <ul>
 *   <li>The master is runtime state (the cluster configuration); {@code gnt-node list} / {@code gnt-instance list} and
 *       the other master commands answer only on the master while ganeti-masterd runs there, else
 *       {@code Cannot communicate with the master daemon} or {@code This is not the master node} (exit 1).</li>
 *   <li>Alone, a node does not start ganeti-masterd (it cannot tell a dead peer from a lost link):
 *       {@code ganeti-masterd --no-voting} starts it. {@code gnt-cluster master-failover} needs the old master to
 *       answer; {@code --no-voting} does not, and asks {@code Continue? y/[n]/?:} on standard input like
 *       {@code gnt-node failover --ignore-consistency} and {@code gnt-instance migrate}.</li>
 *   <li>DRBD: a split-brain leaves both sides StandAlone with diverging data; {@code activate-disks} then fails and
 *       logs the seed's kernel lines; after {@code drbdsetup /dev/drbdN invalidate} on one node, activate-disks
 *       reconnects and that node's copy is thrown away and resynchronised from the peer over time (clock).</li>
 *   <li>RAID: {@code sfdisk -d /dev/sda|sfdisk /dev/sdX} copies the partition table (refused while the target is in
 *       use), {@code mdadm --manage /dev/mdN --add /dev/sdXN} starts a recovery that completes over time.</li>
 * </ul>
 * A node that is down answers every command with exit 255. Unknown commands answer 127. Thread-safe (synchronized).
 */
public final class GanetiSimulation implements LabSimulation {

    public static final String HEALTHY = "healthy";
    /** The candidate crashed; the master rebooted alone, so ganeti-masterd does not run. */
    public static final String NODE_DOWN = "node-down";
    /** The candidate crashed while the master kept running (ganeti-masterd answers). */
    public static final String NODE_CRASHED = "node-crashed";
    /** The master node is powered off; the candidate runs without a master daemon. */
    public static final String MASTER_DOWN = "master-down";
    /** DRBD minors 21 (web1) and 22 (mail1) StandAlone on both nodes with diverging data. */
    public static final String DRBD_SPLIT_BRAIN = "drbd-split-brain";
    /** On gnt2, disk sdb was replaced by a new one of the same model: md0..md2 degraded [U_]. */
    public static final String RAID_DEGRADED = "raid-degraded";
    /** gnt2 was taken out (offline, not candidate, its instances migrated away) and is up again with its data. */
    public static final String NODE_OFFLINE = "node-offline";
    /** gnt2 was replaced by a newly installed machine: offline in the configuration, no DRBD data, a new host key. */
    public static final String NODE_REPLACED = "node-replaced";
    public static final List<String> FAULTS = List.of(HEALTHY, NODE_DOWN, NODE_CRASHED, MASTER_DOWN, DRBD_SPLIT_BRAIN,
            RAID_DEGRADED, NODE_OFFLINE, NODE_REPLACED);

    public static final String GETMASTER = "gnt-cluster getmaster";
    public static final String NODE_LIST = "gnt-node list -o name,role,pinst_cnt,sinst_cnt";
    public static final String INSTANCE_LIST = "gnt-instance list -o name,pnode,snodes,status";
    public static final String MASTERD_NO_VOTING = "ganeti-masterd --no-voting";
    public static final String MASTER_FAILOVER = "gnt-cluster master-failover";
    public static final String MASTER_FAILOVER_NO_VOTING = "gnt-cluster master-failover --no-voting";
    public static final String STARTUP_ALL = "gnt-instance startup --force --all";
    public static final String REDIST_CONF = "gnt-cluster redist-conf";
    public static final String GANETI_RESTART = "/etc/init.d/ganeti restart";
    public static final String VERIFY_DISKS = "gnt-cluster verify-disks";
    public static final String PROC_DRBD = "cat /proc/drbd";
    public static final String PROC_MDSTAT = "cat /proc/mdstat";
    public static final String FDISK_LIST = "fdisk -l";
    public static final String DMESG = "dmesg";
    public static final String PUPPET_SSL_CLEAN = "rm -r /var/lib/puppet/ssl/*";
    public static final String PUPPET_RESTART = "/etc/init.d/puppet restart";

    /** How long a DRBD resynchronisation takes in the lab by default ({@code runbooks.lab.resync-time}). */
    public static final Duration DRBD_SYNC = Duration.ofSeconds(20);
    /** How long a RAID1 recovery takes in the lab by default: one and a half DRBD resyncs. */
    public static final Duration RAID_SYNC = raidSync(DRBD_SYNC);
    public static final String DISK_MODEL = "WDC WD5003ABYX-01WERA1";
    static final long DISK_BYTES = 500107862016L;
    static final int HISTORY_LIMIT = 200;

    private static final Pattern NODE_FAILOVER = Pattern.compile("gnt-node failover --ignore-consistency (\\S+)");
    private static final Pattern MODIFY_OFFLINE = Pattern.compile("gnt-node modify -C no -O yes (\\S+)");
    private static final Pattern MODIFY_ONLINE = Pattern.compile("gnt-node modify -C yes -O no (\\S+)");
    private static final Pattern READD = Pattern.compile("gnt-node add --readd (\\S+)");
    private static final Pattern MIGRATE = Pattern.compile("gnt-instance migrate (\\S+)");
    private static final Pattern REPLACE_DISKS = Pattern.compile("gnt-instance replace-disks --auto (\\S+)");
    private static final Pattern ACTIVATE_DISKS = Pattern.compile("gnt-instance activate-disks (\\S+)");
    private static final Pattern INVALIDATE = Pattern.compile("drbdsetup /dev/drbd(\\d+) invalidate");
    private static final Pattern MDADM_ADD = Pattern.compile("mdadm --manage /dev/(md\\d+) --add /dev/([a-z]+)(\\d+)");
    private static final Pattern SFDISK = Pattern.compile("sfdisk -d /dev/([a-z]+)\\s*\\|\\s*sfdisk /dev/([a-z]+)");
    private static final Pattern KNOWN_HOSTS = Pattern.compile("ssh-keygen -f /root/.ssh/known_hosts -R (\\S+)");
    private static final Logger log = LoggerFactory.getLogger(GanetiSimulation.class);

    /** One command a node received. */
    public record CommandRecord(String at, String host, String command, int exit) {
    }

    /** A node's snapshot. */
    public record NodeState(String name, String address, boolean up, boolean masterd, boolean offline,
                            boolean masterCandidate, boolean staleHostKey, Map<String, String> disks,
                            Map<String, String> arrays, List<CommandRecord> recentCommands) {
    }

    /** An instance's snapshot. */
    public record InstanceState(String name, String primary, String secondary, boolean running, int minor) {
    }

    /**
     * A DRBD minor's snapshot.
     *
     * @param connection   Connected, StandAlone, WFConnection, SyncSource (from the primary's view)
     * @param disks        node → disk state (UpToDate, Inconsistent, Diskless)
     * @param discardedOn  the node whose data was thrown away by invalidate, or null
     */
    public record MinorState(int minor, String instance, String connection, Map<String, String> disks,
                             String discardedOn) {
    }

    /**
     * The cluster's snapshot.
     *
     * @param master         the master in the configuration
     * @param doubleRunning  instances running on two nodes at once (a failover with the old node still up)
     */
    public record State(String lastInjectedFault, String master, List<String> masterdRunningOn,
                        List<InstanceState> instances, List<MinorState> minors, List<String> doubleRunning,
                        List<NodeState> nodes) {
    }

    private static final class Node {
        final String name;
        final String address;
        final Deque<CommandRecord> history = new ArrayDeque<>();
        final Map<String, Integer> diskPartitions = new TreeMap<>();
        final Map<String, Array> arrays = new TreeMap<>();
        final List<String> dmesg = new ArrayList<>();
        boolean up;
        boolean masterd;
        boolean offline;
        boolean candidate;
        boolean staleHostKey;

        Node(String name, String address) {
            this.name = name;
            this.address = address;
        }
    }

    private static final class Array {
        final String name;
        final int partition;
        final List<String> members = new ArrayList<>();
        Instant recoveryStart;
        String recovering;

        Array(String name, int partition) {
            this.name = name;
            this.partition = partition;
        }
    }

    private static final class Instance {
        final String name;
        final int minor;
        Node primary;
        Node secondary;
        boolean running;
        boolean alsoRunningOnOld;

        Instance(String name, int minor) {
            this.name = name;
            this.minor = minor;
        }
    }

    private static final class Minor {
        final int number;
        final Instance instance;
        final Map<Node, String> disk = new LinkedHashMap<>();
        String connection;
        boolean splitBrain;
        Node invalidated;
        Node discardedOn;
        Instant syncStart;

        Minor(int number, Instance instance) {
            this.number = number;
            this.instance = instance;
        }
    }

    private final Clock clock;
    private final Node first;
    private final Node second;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<Integer, Minor> minors = new TreeMap<>();
    private final Duration drbdSync;
    private final Duration raidSync;
    private Node master;
    private String lastInjectedFault;
    private int jobId = 100;

    private static Duration raidSync(Duration drbdSync) {
        return drbdSync.multipliedBy(3).dividedBy(2);
    }

    public GanetiSimulation(Clock clock) {
        this("gnt1", "gnt2", clock);
    }

    /**
     * @param installedMaster the node installed as master (seed: gnt1)
     * @param candidate       the master candidate (gntX)
     */
    public GanetiSimulation(String installedMaster, String candidate, Clock clock) {
        this(installedMaster, candidate, clock, DRBD_SYNC);
    }

    /**
     * @param resyncTime how long a DRBD resynchronisation takes (a RAID1 recovery one and a half times that)
     */
    public GanetiSimulation(String installedMaster, String candidate, Clock clock, Duration resyncTime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (resyncTime.isNegative() || resyncTime.isZero()) {
            throw new IllegalArgumentException("resync time " + resyncTime + " must be positive");
        }
        this.drbdSync = resyncTime;
        this.raidSync = raidSync(resyncTime);
        if (installedMaster.equals(candidate)) {
            throw new IllegalArgumentException("two nodes needed, got " + candidate + " twice");
        }
        this.first = new Node(installedMaster, "192.168.10.1");
        this.second = new Node(candidate, "192.168.10.2");
        reset(HEALTHY);
    }

    @Override
    public List<String> faults() {
        return FAULTS;
    }

    @Override
    public synchronized void inject(String fault) {
        if (!FAULTS.contains(fault)) {
            throw new IllegalArgumentException("unknown fault '" + fault + "' (valid faults: " + String.join(", ", FAULTS)
                    + ")");
        }
        reset(fault);
        log.info("Lab Ganeti simulation {}/{}: fault '{}' injected", first.name, second.name, fault);
    }

    private void reset(String fault) {
        for (Node n : List.of(first, second)) {
            n.up = true;
            n.masterd = false;
            n.offline = false;
            n.candidate = true;
            n.staleHostKey = false;
            n.dmesg.clear();
            n.diskPartitions.clear();
            n.diskPartitions.put("sda", 3);
            n.diskPartitions.put("sdb", 3);
            n.arrays.clear();
            for (int i = 0; i < 3; i++) {
                Array a = new Array("md" + i, i + 1);
                a.members.add("sda" + (i + 1));
                a.members.add("sdb" + (i + 1));
                n.arrays.put(a.name, a);
            }
        }
        master = first;
        first.masterd = true;
        instances.clear();
        minors.clear();
        addInstance("web1", 21, first, second);
        addInstance("mail1", 22, first, second);
        addInstance("db1", 23, second, first);
        switch (fault) {
            case NODE_DOWN -> {
                second.up = false;
                first.masterd = false;
                disconnect(second);
            }
            case NODE_CRASHED -> {
                second.up = false;
                disconnect(second);
            }
            case MASTER_DOWN -> {
                first.up = false;
                first.masterd = false;
                disconnect(first);
            }
            case DRBD_SPLIT_BRAIN -> {
                for (int m : List.of(21, 22)) {
                    Minor minor = minors.get(m);
                    minor.connection = "StandAlone";
                    minor.splitBrain = true;
                }
                first.dmesg.addAll(seedSplitBrainLog());
                second.dmesg.addAll(splitBrainLines(second, List.of(21, 22), 10893282.70));
            }
            case RAID_DEGRADED -> {
                second.diskPartitions.put("sdb", 0);
                second.arrays.values().forEach(a -> a.members.remove("sdb" + a.partition));
            }
            case NODE_OFFLINE, NODE_REPLACED -> {
                second.offline = true;
                second.candidate = false;
                Instance db1 = instances.get("db1");
                db1.primary = first;
                db1.secondary = second;
                disconnect(second);
                if (fault.equals(NODE_REPLACED)) {
                    second.staleHostKey = true;
                    minors.values().forEach(m -> m.disk.put(second, "Diskless"));
                }
            }
            default -> {
            }
        }
        lastInjectedFault = fault;
    }

    private void addInstance(String name, int minorNumber, Node primary, Node secondary) {
        Instance i = new Instance(name, minorNumber);
        i.primary = primary;
        i.secondary = secondary;
        i.running = true;
        instances.put(name, i);
        Minor m = new Minor(minorNumber, i);
        m.connection = "Connected";
        m.disk.put(first, "UpToDate");
        m.disk.put(second, "UpToDate");
        minors.put(minorNumber, m);
    }

    /** The node went away: its instances stop, its minors lose their peer. */
    private void disconnect(Node gone) {
        for (Instance i : instances.values()) {
            if (i.primary == gone && !gone.up) {
                i.running = false;
            }
        }
        minors.values().forEach(m -> m.connection = "WFConnection");
    }

    private List<String> seedSplitBrainLog() {
        try (InputStream in = GanetiSimulation.class.getResourceAsStream("/lab/ganeti/dmesg-split-brain.txt")) {
            return new String(Objects.requireNonNull(in, "lab/ganeti/dmesg-split-brain.txt").readAllBytes(),
                    StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> splitBrainLines(Node n, List<Integer> numbers, double at) {
        List<String> lines = new ArrayList<>();
        double t = at;
        for (int m : numbers) {
            lines.add(String.format(java.util.Locale.ROOT, "[%.6f] block drbd%d: helper command: /bin/true initial-split-brain minor-%d exit code 0 (0x0)", t, m, m));
            lines.add(String.format(java.util.Locale.ROOT, "[%.6f] block drbd%d: Split-Brain detected but unresolved, dropping connection!", t + 0.000002, m));
            lines.add(String.format(java.util.Locale.ROOT, "[%.6f] block drbd%d: conn( Disconnecting -> StandAlone ) ", t + 0.0004, m));
            t += 0.6;
        }
        return lines;
    }

    // --- state -------------------------------------------------------------------------------------------------

    @Override
    public synchronized State state() {
        advance();
        List<String> masterd = List.of(first, second).stream().filter(n -> n.up && n.masterd).map(n -> n.name).toList();
        List<InstanceState> is = instances.values().stream().map(i -> new InstanceState(i.name, i.primary.name,
                i.secondary.name, i.running, i.minor)).toList();
        List<MinorState> ms = minors.values().stream().map(m -> {
            Map<String, String> disks = new LinkedHashMap<>();
            m.disk.forEach((n, s) -> disks.put(n.name, s));
            return new MinorState(m.number, m.instance.name, m.connection, disks,
                    m.discardedOn == null ? null : m.discardedOn.name);
        }).toList();
        List<String> twice = instances.values().stream().filter(i -> i.alsoRunningOnOld).map(i -> i.name).toList();
        return new State(lastInjectedFault, master.name, masterd, is, ms, twice,
                List.of(snapshot(first), snapshot(second)));
    }

    private NodeState snapshot(Node n) {
        Map<String, String> disks = new TreeMap<>();
        n.diskPartitions.forEach((d, p) -> disks.put(d, p + " partition(s)"));
        Map<String, String> arrays = new TreeMap<>();
        n.arrays.values().forEach(a -> arrays.put(a.name, mask(a) + (a.recovering == null ? "" : " recovery")));
        return new NodeState(n.name, n.address, n.up, n.masterd, n.offline, n.candidate, n.staleHostKey, disks, arrays,
                List.copyOf(n.history));
    }

    /** Command lines the node received, oldest first. */
    public synchronized List<String> commandLines(String host) {
        return require(host).history.stream().map(CommandRecord::command).toList();
    }

    private Node require(String host) {
        if (first.name.equals(host)) {
            return first;
        }
        if (second.name.equals(host)) {
            return second;
        }
        throw new IllegalArgumentException("host '" + host + "' is not a node of this simulation (nodes: "
                + first.name + ", " + second.name + ")");
    }

    private Node node(String name) {
        if (first.name.equals(name)) {
            return first;
        }
        if (second.name.equals(name)) {
            return second;
        }
        return null;
    }

    private Node peer(Node n) {
        return n == first ? second : first;
    }

    /** Completes the resynchronisations whose time has come. */
    private void advance() {
        Instant now = clock.instant();
        for (Minor m : minors.values()) {
            if (m.syncStart != null && !now.isBefore(m.syncStart.plus(drbdSync))) {
                m.syncStart = null;
                m.connection = "Connected";
                m.disk.replaceAll((n, s) -> "UpToDate");
            }
        }
        for (Node n : List.of(first, second)) {
            for (Array a : n.arrays.values()) {
                if (a.recovering != null && !now.isBefore(a.recoveryStart.plus(raidSync))) {
                    a.members.add(a.recovering);
                    a.recovering = null;
                    a.recoveryStart = null;
                }
            }
        }
    }

    // --- commands ----------------------------------------------------------------------------------------------

    @Override
    public synchronized LabAnswer execute(String host, String commandLine, Supplier<String> stdin) {
        Node node = require(host);
        String line = commandLine == null ? "" : commandLine.trim();
        advance();
        LabAnswer answer;
        if (!node.up) {
            answer = LabAnswer.fail(255, "ssh: connect to host " + node.address + " port 22: No route to host\n");
        } else {
            answer = dispatch(node, line, stdin);
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

    private LabAnswer dispatch(Node n, String line, Supplier<String> stdin) {
        switch (line) {
            case GETMASTER:
                return LabAnswer.ok(master.name + "\n");
            case NODE_LIST:
                return onMaster(n, () -> LabAnswer.ok(nodeList()));
            case INSTANCE_LIST:
                return onMaster(n, () -> LabAnswer.ok(instanceList()));
            case MASTERD_NO_VOTING:
                return masterd(n);
            case MASTER_FAILOVER:
                return masterFailover(n, false, stdin);
            case MASTER_FAILOVER_NO_VOTING:
                return masterFailover(n, true, stdin);
            case STARTUP_ALL:
                return onMaster(n, this::startupAll);
            case REDIST_CONF:
                return onMaster(n, () -> LabAnswer.ok(""));
            case GANETI_RESTART:
                return restart(n);
            case VERIFY_DISKS:
                return onMaster(n, this::verifyDisks);
            case PROC_DRBD:
                return LabAnswer.ok(procDrbd(n));
            case PROC_MDSTAT:
                return LabAnswer.ok(mdstat(n));
            case FDISK_LIST:
                return LabAnswer.ok(fdisk(n));
            case DMESG:
                return LabAnswer.ok(n.dmesg.isEmpty() ? "" : String.join("\n", n.dmesg) + "\n");
            case PUPPET_SSL_CLEAN:
                return LabAnswer.ok("");
            case PUPPET_RESTART:
                return LabAnswer.ok("Restarting puppet agent.\n");
            default:
                break;
        }
        Matcher m;
        if ((m = NODE_FAILOVER.matcher(line)).matches()) {
            String target = m.group(1);
            return onMaster(n, () -> nodeFailover(target, stdin));
        }
        if ((m = MODIFY_OFFLINE.matcher(line)).matches()) {
            String target = m.group(1);
            return onMaster(n, () -> modify(target, true));
        }
        if ((m = MODIFY_ONLINE.matcher(line)).matches()) {
            String target = m.group(1);
            return onMaster(n, () -> modify(target, false));
        }
        if ((m = READD.matcher(line)).matches()) {
            String target = m.group(1);
            return onMaster(n, () -> readd(target));
        }
        if ((m = MIGRATE.matcher(line)).matches()) {
            String target = m.group(1);
            return onMaster(n, () -> migrate(target, stdin));
        }
        if ((m = REPLACE_DISKS.matcher(line)).matches()) {
            String target = m.group(1);
            return onMaster(n, () -> replaceDisks(target));
        }
        if ((m = ACTIVATE_DISKS.matcher(line)).matches()) {
            String target = m.group(1);
            return onMaster(n, () -> activateDisks(target));
        }
        if ((m = INVALIDATE.matcher(line)).matches()) {
            return invalidate(n, Integer.parseInt(m.group(1)));
        }
        if ((m = MDADM_ADD.matcher(line)).matches()) {
            return mdadmAdd(n, m.group(1), m.group(2), Integer.parseInt(m.group(3)));
        }
        if ((m = SFDISK.matcher(line)).matches()) {
            return sfdisk(n, m.group(1), m.group(2));
        }
        if ((m = KNOWN_HOSTS.matcher(line)).matches()) {
            Node target = node(m.group(1));
            if (target == null || !target.staleHostKey) {
                return LabAnswer.ok("");
            }
            target.staleHostKey = false;
            return LabAnswer.ok("# Host " + target.name + " found: line 3\n/root/.ssh/known_hosts updated.\n"
                    + "Original contents retained as /root/.ssh/known_hosts.old\n");
        }
        return null;
    }

    private LabAnswer onMaster(Node n, Supplier<LabAnswer> command) {
        if (n != master) {
            return new LabAnswer(1, "", "Failure: prerequisites not met for this operation:\nThis is not the master "
                    + "node, please connect to node '" + master.name + "' and rerun the command\n");
        }
        if (!n.masterd) {
            return new LabAnswer(1, "", "Cannot communicate with the master daemon.\nIs it running and listening "
                    + "for connections?\n");
        }
        return command.get();
    }

    private static boolean yes(Supplier<String> stdin) {
        String answer = stdin.get();
        return answer != null && answer.strip().lines().findFirst().orElse("").strip().equals("y");
    }

    private String nodeList() {
        StringBuilder out = new StringBuilder(String.format("%-5s %-4s %5s %5s%n", "Node", "Role", "Pinst", "Sinst"));
        for (Node n : List.of(first, second)) {
            String role = n == master ? "M" : n.offline ? "O" : n.candidate ? "C" : "R";
            long p = instances.values().stream().filter(i -> i.primary == n).count();
            long s = instances.values().stream().filter(i -> i.secondary == n).count();
            out.append(String.format("%-5s %-4s %5d %5d%n", n.name, role, p, s));
        }
        return out.toString();
    }

    private String instanceList() {
        StringBuilder out = new StringBuilder(String.format("%-8s %-12s %-15s %s%n", "Instance", "Primary_node",
                "Secondary_Nodes", "Status"));
        for (Instance i : instances.values()) {
            out.append(String.format("%-8s %-12s %-15s %s%n", i.name, i.primary.name, i.secondary.name, status(i)));
        }
        return out.toString();
    }

    private static String status(Instance i) {
        if (i.running) {
            return "running";
        }
        if (i.primary.offline) {
            return "ERROR_nodeoffline";
        }
        return i.primary.up ? "ADMIN_down" : "ERROR_nodedown";
    }

    private LabAnswer masterd(Node n) {
        if (n != master && (n.offline || !n.candidate)) {
            return new LabAnswer(1, "", "ganeti-masterd: this node is not a master candidate, exiting\n");
        }
        n.masterd = true;
        return LabAnswer.ok("");
    }

    private LabAnswer masterFailover(Node n, boolean noVoting, Supplier<String> stdin) {
        if (n == master) {
            return new LabAnswer(1, "", "This commands must be run on the node where you want the new master to be.\n"
                    + n.name + " is already the master\n");
        }
        if (n.offline || !n.candidate) {
            return new LabAnswer(1, "", "Failure: prerequisites not met for this operation:\nThis node is not a "
                    + "master candidate\n");
        }
        Node old = master;
        if (noVoting) {
            String prompt = "This will perform the failover even if most other nodes\nare down, or if this node is "
                    + "outdated. This is dangerous\nas it can lead to a non-consistent cluster. Check the\n"
                    + "gnt-cluster(8) man page before proceeding. Continue?\ny/[n]/?: ";
            if (!yes(stdin)) {
                return new LabAnswer(1, prompt + "\nAborted.\n", "");
            }
        } else if (!old.up) {
            return new LabAnswer(1, "", "Failure: prerequisites not met for this operation:\nCluster is inconsistent, "
                    + "most nodes did not respond.\nIf you want to force the failover, use --no-voting\n");
        }
        old.masterd = false;
        master = n;
        n.masterd = true;
        return LabAnswer.ok(old.up ? "" : "Warning: could not contact the old master " + old.name + "\n");
    }

    private LabAnswer startupAll() {
        StringBuilder out = new StringBuilder();
        List<String> failed = new ArrayList<>();
        for (Instance i : instances.values()) {
            if (i.running) {
                continue;
            }
            int job = ++jobId;
            out.append("Submitted jobs ").append(job).append('\n').append("Waiting for job ").append(job)
                    .append(" for ").append(i.name).append(" ...\n");
            if (i.primary.up && !i.primary.offline) {
                i.running = true;
            } else {
                failed.add(i.name);
            }
        }
        if (!failed.isEmpty()) {
            return new LabAnswer(1, out.toString(), "Failure: command execution error:\nCould not start instance(s) "
                    + String.join(", ", failed) + ": primary node down\n");
        }
        return LabAnswer.ok(out.toString());
    }

    private LabAnswer nodeFailover(String target, Supplier<String> stdin) {
        Node t = node(target);
        if (t == null) {
            return new LabAnswer(1, "", "Failure: prerequisites not met for this operation:\nNode '" + target
                    + "' is unknown\n");
        }
        List<Instance> moving = instances.values().stream().filter(i -> i.primary == t).toList();
        if (moving.isEmpty()) {
            return LabAnswer.ok("No primary instances on node " + t.name + ", exiting.\n");
        }
        String prompt = "Fail over instance(s) " + String.join(", ", moving.stream().map(i -> "'" + i.name + "'")
                .toList()) + "?\ny/[n]/?: ";
        if (!yes(stdin)) {
            return new LabAnswer(1, prompt + "\nAborted.\n", "");
        }
        StringBuilder out = new StringBuilder(prompt).append('\n');
        for (Instance i : moving) {
            Node target2 = i.secondary;
            boolean wasRunning = i.running || (t.up && i.running);
            if (t.up && i.running) {
                i.alsoRunningOnOld = true; // the old node still runs it: the seed's danger of --ignore-consistency
            }
            i.secondary = i.primary;
            i.primary = target2;
            i.running = true;
            out.append("Failover instance ").append(i.name).append('\n')
                    .append("* not checking disk consistency on primary node ").append(target2.name).append('\n')
                    .append("* shutting down instance on source node\n")
                    .append("* activating the instance's disks on target node ").append(target2.name).append('\n')
                    .append("* starting the instance on the target node ").append(target2.name).append('\n');
            if (!wasRunning) {
                log.debug("{} was not running", i.name);
            }
        }
        return LabAnswer.ok(out.toString());
    }

    private LabAnswer modify(String target, boolean offline) {
        Node t = node(target);
        if (t == null) {
            return new LabAnswer(1, "", "Failure: prerequisites not met for this operation:\nNode '" + target
                    + "' is unknown\n");
        }
        if (offline && t == master) {
            return new LabAnswer(1, "", "Failure: prerequisites not met for this operation:\nThe master node cannot "
                    + "be set offline\n");
        }
        if (!offline && !t.up) {
            return new LabAnswer(1, "", "Failure: command execution error:\nNode " + t.name + " is not reachable\n");
        }
        t.offline = offline;
        t.candidate = !offline;
        return LabAnswer.ok("Modified node " + t.name + "\n - master_candidate -> " + (offline ? "False" : "True")
                + "\n - offline -> " + (offline ? "True" : "False") + "\n");
    }

    private LabAnswer readd(String target) {
        Node t = node(target);
        if (t == null || t == master) {
            return new LabAnswer(1, "", "Failure: prerequisites not met for this operation:\nCannot readd node '"
                    + target + "'\n");
        }
        if (!t.up) {
            return new LabAnswer(1, "", "Failure: command execution error:\nssh: connect to host " + t.name
                    + " port 22: No route to host\n");
        }
        if (t.staleHostKey) {
            return new LabAnswer(1, "", "Failure: command execution error:\nssh problem: @@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
                    + "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\n");
        }
        t.offline = false;
        t.candidate = true;
        return LabAnswer.ok("-- WARNING --\nPerforming this operation is going to replace the ssh daemon keypair\n"
                + "on the target machine (" + t.name + ") with the ones of the current one\n"
                + "and grant full intra-cluster ssh root access to/from it\n\n"
                + "Readding a node, the offline/drained flags were reset\n");
    }

    private LabAnswer migrate(String name, Supplier<String> stdin) {
        Instance i = instances.get(name);
        if (i == null) {
            return new LabAnswer(1, "", "Failure: prerequisites not met for this operation:\nInstance '" + name
                    + "' not known\n");
        }
        String prompt = "Instance " + name + " will be migrated. Note that migration might\nimpact the instance if "
                + "anything goes wrong (e.g. due to bugs in\nthe hypervisor). Continue?\ny/[n]/?: ";
        if (!yes(stdin)) {
            return new LabAnswer(1, prompt + "\nAborted.\n", "");
        }
        Minor m = minors.get(i.minor);
        if (!i.secondary.up || i.secondary.offline || !"Connected".equals(m.connection)
                || m.disk.values().stream().anyMatch(s -> !s.equals("UpToDate"))) {
            return new LabAnswer(1, prompt + "\n", "Failure: command execution error:\nDisk of " + name
                    + " is not in sync on " + i.secondary.name + ", cannot migrate\n");
        }
        Node target = i.secondary;
        i.secondary = i.primary;
        i.primary = target;
        return LabAnswer.ok(prompt + "\n* checking disk consistency between source and target\n* switching node "
                + target.name + " to secondary mode\n* changing into standalone mode\n* changing disks into dual-master"
                + " mode\n* wait until resync is done\n* migrating instance to " + target.name + "\n* switching node "
                + i.secondary.name + " to secondary mode\n* wait until resync is done\n* changing into standalone"
                + " mode\n* changing disks into single-master mode\n* wait until resync is done\n* done\n");
    }

    private LabAnswer replaceDisks(String name) {
        Instance i = instances.get(name);
        if (i == null) {
            return new LabAnswer(1, "", "Failure: prerequisites not met for this operation:\nInstance '" + name
                    + "' not known\n");
        }
        if (!i.secondary.up || i.secondary.offline) {
            return new LabAnswer(1, "", "Failure: prerequisites not met for this operation:\nNode " + i.secondary.name
                    + " is offline\n");
        }
        Minor m = minors.get(i.minor);
        StringBuilder out = new StringBuilder();
        boolean needed = !"Connected".equals(m.connection) || m.disk.values().stream().anyMatch(s -> !s.equals("UpToDate"));
        if (!needed) {
            return LabAnswer.ok("No disks need replacement for instance '" + name + "'\n");
        }
        out.append("STEP 1/6 Check device existence\n STEP 2/6 Check peer consistency\n STEP 3/6 Allocate new storage\n"
                + " STEP 4/6 Changing drbd configuration\n STEP 5/6 Removing old storage\n STEP 6/6 Sync devices\n");
        startSync(m, i.primary);
        return LabAnswer.ok(out.toString());
    }

    private void startSync(Minor m, Node source) {
        m.disk.put(source, "UpToDate");
        m.disk.put(peer(source), "Inconsistent");
        m.connection = "SyncSource";
        m.syncStart = clock.instant();
    }

    private LabAnswer verifyDisks() {
        int job = ++jobId;
        StringBuilder out = new StringBuilder("Submitted jobs " + job + "\nWaiting for job " + job + " ...\n");
        boolean any = false;
        for (Minor m : minors.values()) {
            Node sec = m.instance.secondary;
            if (m.connection.equals("Connected") || m.connection.startsWith("Sync") || !sec.up || sec.offline) {
                continue;
            }
            any = true;
            out.append("Activating disks for instance '").append(m.instance.name).append("'\n");
            if (m.splitBrain) {
                logSplitBrain(m);
                out.append("Instance '").append(m.instance.name).append("' has a DRBD device in StandAlone state\n");
            } else if (m.disk.get(sec).equals("UpToDate") && m.disk.get(m.instance.primary).equals("UpToDate")) {
                startSync(m, m.instance.primary); // bitmap-based resync of what changed meanwhile
            } else {
                startSync(m, m.instance.primary);
            }
        }
        if (!any) {
            out.append("No disks need to be activated.\n");
        }
        return LabAnswer.ok(out.toString());
    }

    private void logSplitBrain(Minor m) {
        double t = 10893300 + clock.instant().getEpochSecond() % 100000;
        for (Node n : List.of(first, second)) {
            if (n.up) {
                n.dmesg.addAll(splitBrainLines(n, List.of(m.number), t));
            }
        }
    }

    private LabAnswer activateDisks(String name) {
        Instance i = instances.get(name);
        if (i == null) {
            return new LabAnswer(1, "", "Failure: prerequisites not met for this operation:\nInstance '" + name
                    + "' not known\n");
        }
        Minor m = minors.get(i.minor);
        if (m.splitBrain) {
            if (m.invalidated == null) {
                logSplitBrain(m);
                return new LabAnswer(1, "", "Failure: command execution error:\nDisk 0 of instance " + name
                        + " (/dev/drbd" + m.number + "): can't connect: Split-Brain detected but unresolved\n");
            }
            m.splitBrain = false;
            m.discardedOn = m.invalidated;
            startSync(m, peer(m.invalidated));
            m.invalidated = null;
        } else if (!m.connection.equals("Connected") && !m.connection.startsWith("Sync") && i.secondary.up
                && !i.secondary.offline) {
            startSync(m, i.primary);
        }
        return LabAnswer.ok(i.primary.name + ":disk/0:/dev/drbd" + m.number + "\n");
    }

    private LabAnswer invalidate(Node n, int number) {
        Minor m = minors.get(number);
        if (m == null) {
            return new LabAnswer(10, "", "/dev/drbd" + number + ": Failure: (127) Device minor not allocated\n");
        }
        m.disk.put(n, "Inconsistent");
        m.invalidated = n;
        return LabAnswer.ok("");
    }

    // --- /proc/drbd --------------------------------------------------------------------------------------------

    private String procDrbd(Node n) {
        StringBuilder out = new StringBuilder("version: 8.3.11 (api:88/proto:86-96)\n"
                + "srcversion: F937DCB2E5D83C6CCE4A6C9 \n");
        Instant now = clock.instant();
        for (Minor m : minors.values()) {
            String local = m.disk.get(n);
            if ("Diskless".equals(local)) {
                continue;
            }
            Node p = peer(n);
            boolean connected = m.connection.equals("Connected") || m.connection.startsWith("Sync");
            String cs = m.connection;
            if (cs.equals("SyncSource")) {
                cs = "UpToDate".equals(local) ? "SyncSource" : "SyncTarget";
            }
            if (cs.equals("WFConnection") && !p.up) {
                cs = "WFConnection";
            }
            String role = m.instance.primary == n && m.instance.running ? "Primary" : "Secondary";
            String peerRole = !connected ? "Unknown"
                    : m.instance.primary == p && m.instance.running ? "Primary" : "Secondary";
            String peerDisk = connected ? m.disk.get(p) : "DUnknown";
            out.append(String.format("%2d: cs:%s ro:%s/%s ds:%s/%s %s r-----%n", m.number, cs, role, peerRole, local,
                    peerDisk, connected || cs.equals("WFConnection") ? "C" : " "));
            out.append("    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0\n");
            if (m.syncStart != null) {
                double pct = Math.min(99.9, 100.0 * Duration.between(m.syncStart, now).toMillis() / drbdSync.toMillis());
                int bars = (int) (pct / 5);
                out.append("\t[").append("=".repeat(bars)).append('>').append(".".repeat(Math.max(0, 19 - bars)))
                        .append(String.format(java.util.Locale.ROOT, "] sync'ed: %.1f%% (1024/10240)M%n", pct))
                        .append("\tfinish: 0:00:20 speed: 10,240 (10,240) K/sec\n");
            }
        }
        return out.toString();
    }

    // --- RAID ----------------------------------------------------------------------------------------------------

    private static String mask(Array a) {
        String sda = a.members.contains("sda" + a.partition) ? "U" : "_";
        String sdb = a.members.contains("sdb" + a.partition) ? "U" : "_";
        return sda + sdb;
    }

    private String mdstat(Node n) {
        Instant now = clock.instant();
        StringBuilder out = new StringBuilder("Personalities : [raid1] \n");
        long[] blocks = {487360, 1950656, 486184960};
        for (Array a : n.arrays.values()) {
            List<String> devices = new ArrayList<>();
            for (String member : a.members) {
                devices.add(member + "[" + (member.startsWith("sda") ? 0 : 1) + "]");
            }
            if (a.recovering != null) {
                devices.add(a.recovering + "[2]");
            }
            java.util.Collections.reverse(devices);
            String mask = mask(a);
            int active = (int) mask.chars().filter(c -> c == 'U').count();
            out.append(a.name).append(" : active raid1 ").append(String.join(" ", devices)).append('\n');
            out.append("      ").append(blocks[a.partition - 1]).append(" blocks super 1.2 [2/").append(active)
                    .append("] [").append(mask).append("]\n");
            if (a.recovering != null) {
                double pct = Math.min(99.9, 100.0 * Duration.between(a.recoveryStart, now).toMillis() / raidSync.toMillis());
                int bars = (int) (pct / 5);
                long total = blocks[a.partition - 1];
                out.append("      [").append("=".repeat(bars)).append('>').append(".".repeat(Math.max(0, 19 - bars)))
                        .append(String.format(java.util.Locale.ROOT, "]  recovery = %.1f%% (%d/%d) finish=0.5min speed=184704K/sec%n",
                                pct, (long) (total * pct / 100), total));
            }
            out.append("      \n");
        }
        out.append("unused devices: <none>\n");
        return out.toString();
    }

    private String fdisk(Node n) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Integer> d : n.diskPartitions.entrySet()) {
            String dev = "/dev/" + d.getKey();
            out.append("Disk ").append(dev).append(": 465.8 GiB, ").append(DISK_BYTES)
                    .append(" bytes, 976773168 sectors\n");
            out.append("Disk model: ").append(DISK_MODEL).append('\n');
            out.append("Units: sectors of 1 * 512 = 512 bytes\nSector size (logical/physical): 512 bytes / 512 bytes\n"
                    + "I/O size (minimum/optimal): 512 bytes / 512 bytes\n");
            if (d.getValue() > 0) {
                out.append("Disklabel type: dos\nDisk identifier: 0x000a1b2c\n\n");
                out.append("Device     Boot   Start       End   Sectors   Size Id Type\n");
                out.append(dev).append("1  *       2048    976895    974848   476M fd Linux raid autodetect\n");
                out.append(dev).append("2        976896   4878335   3901440   1.9G fd Linux raid autodetect\n");
                out.append(dev).append("3       4878336 976773119 971894784 463.4G fd Linux raid autodetect\n");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private LabAnswer sfdisk(Node n, String source, String target) {
        if (!n.diskPartitions.containsKey(source) || !n.diskPartitions.containsKey(target)) {
            return new LabAnswer(1, "", "sfdisk: cannot open /dev/" + (n.diskPartitions.containsKey(source) ? target
                    : source) + ": No such file or directory\n");
        }
        boolean inUse = n.arrays.values().stream().anyMatch(a -> a.members.contains(target + a.partition)
                || (target + a.partition).equals(a.recovering));
        if (inUse || source.equals(target)) {
            return new LabAnswer(1, "Checking that no-one is using this disk right now ...\n", "This disk is "
                    + "currently in use - repartitioning is probably a bad idea.\nUmount all file systems, and swapoff"
                    + " all swap partitions on this disk.\nUse the --no-reread flag to suppress this check.\n"
                    + "sfdisk: Use the --force flag to overrule all checks.\n");
        }
        n.diskPartitions.put(target, n.diskPartitions.get(source));
        return LabAnswer.ok("Checking that no-one is using this disk right now ... OK\n\nDisk /dev/" + target
                + ": 60801 cylinders, 255 heads, 63 sectors/track\n\nsfdisk: /dev/" + target
                + ": unrecognized partition table type\nOld situation:\nsfdisk: No partitions found\nNew situation:\n"
                + "Units: sectors of 512 bytes, counting from 0\n\n   Device Boot    Start       End   #sectors  Id  System\n"
                + "/dev/" + target + "1   *      2048    976895     974848  fd  Linux raid autodetect\n"
                + "/dev/" + target + "2        976896   4878335    3901440  fd  Linux raid autodetect\n"
                + "/dev/" + target + "3       4878336 976773119  971894784  fd  Linux raid autodetect\n"
                + "/dev/" + target + "4             0         -          0   0  Empty\n"
                + "Warning: partition 1 does not end at a cylinder boundary\nSuccessfully wrote the new partition table\n\n"
                + "Re-reading the partition table ...\n\n");
    }

    private LabAnswer mdadmAdd(Node n, String array, String disk, int partition) {
        Array a = n.arrays.get(array);
        String device = disk + partition;
        if (a == null) {
            return new LabAnswer(1, "", "mdadm: error opening /dev/" + array + ": No such file or directory\n");
        }
        if (n.diskPartitions.getOrDefault(disk, 0) < partition) {
            return new LabAnswer(1, "", "mdadm: cannot find /dev/" + device + ": No such file or directory\n");
        }
        boolean busy = n.arrays.values().stream().anyMatch(x -> x.members.contains(device) || device.equals(x.recovering));
        if (busy) {
            return new LabAnswer(1, "", "mdadm: Cannot open /dev/" + device + ": Device or resource busy\n");
        }
        if (a.members.size() + (a.recovering == null ? 0 : 1) >= 2) {
            return new LabAnswer(1, "", "mdadm: /dev/" + array + " has no missing member\n");
        }
        a.recovering = device;
        a.recoveryStart = clock.instant();
        return LabAnswer.ok("mdadm: added /dev/" + device + "\n");
    }

    private LabAnswer restart(Node n) {
        StringBuilder out = new StringBuilder("Restarting Ganeti cluster: ganeti-noded ganeti-confd");
        if (n == master && peer(n).up) {
            n.masterd = true;
            out.append(" ganeti-masterd ganeti-rapi");
        }
        return LabAnswer.ok(out.append(".\n").toString());
    }
}
