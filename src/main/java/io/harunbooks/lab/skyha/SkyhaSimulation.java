package io.harunbooks.lab.skyha;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabSimulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A skyha pair as seed 004 describes it: two nodes under Pacemaker, one DRBD resource {@code skydata} (minor 1,
 * /proc/drbd of DRBD 8.4.7) mirrored from the master (Primary) to the slave (Secondary), the master-group (skyfs,
 * vip-master, postgres, redis, bstkd, nfs) started on the master, {@code skyha show} in the seed's format (base, space
 * and NFS info, then crm_mon with node attributes {@code master-skydata} and {@code pgsql-data-status}).
 * <p>
 * DRBD follows DRBD's rules: {@code drbdadm disconnect} leaves a node StandAlone; {@code connect} makes it wait
 * (WFConnection) and, when both wait, they handshake: data that diverged on both sides (split-brain) without a
 * {@code --discard-my-data} side drops both back to StandAlone; a {@code --discard-my-data} side becomes SyncTarget
 * (Inconsistent) of the other, synchronised after the settle time on the clock (progress in /proc/drbd meanwhile),
 * then Connected UpToDate/UpToDate. Discarding on the node whose data the master served throws that data away
 * (recorded in {@code lostData}; the drbdadm task's guard refuses to send it). Two Primaries are refused.
 * <p>
 * Pacemaker: stopping docker on the master fails the master-group over to the slave after the settle time (the
 * seed's ~30 s); {@code pcs cluster standby <node>} moves it away at once; {@code skyha switch-master-slave} swaps the
 * roles (on the master, only while DRBD is healthy). A node that is down answers every command with 255; unknown
 * commands answer 127. Thread-safe (synchronized).
 */
public final class SkyhaSimulation implements LabSimulation {

    public static final String SKYHA = "/opt/skylar_ha/skyha";
    public static final String SHOW = SKYHA + " show";
    public static final String BRAIN = SKYHA + " brain";
    public static final String RECOVER = SKYHA + " recover";
    public static final String RECOVER_PG = SKYHA + " recover pg incr";
    public static final String SWITCH = SKYHA + " switch-master-slave";
    public static final String RESET = SKYHA + " reset";
    public static final String ENABLE_AUTO = SKYHA + " enable auto_recovery";
    public static final String DISABLE_AUTO = SKYHA + " disable auto_recovery";
    public static final String PROC_DRBD = "cat /proc/drbd";
    public static final String DOCKER_PS = "docker ps";
    public static final String UNSTANDBY_ALL = "pcs cluster unstandby --all";
    public static final String STOP_PACEMAKER = "systemctl stop pacemaker.service";
    public static final String STOP_DOCKER = "systemctl stop docker.service";
    public static final String LOSETUP = "losetup /dev/loop9 /drbd/drbd.img";
    public static final String VIP = "192.168.142.191";

    public static final String HEALTHY = "healthy";
    /** Both nodes StandAlone with diverged data; {@code skyha brain} does not fix it: the manual drbdadm sequence. */
    public static final String DRBD_SPLIT_BRAIN = "drbd-split-brain";
    /** The slave dropped the connection (StandAlone), the master waits (WFConnection); {@code skyha brain} fixes it. */
    public static final String DRBD_DISCONNECTED = "drbd-disconnected";
    /** The redis container of the master is stopped. */
    public static final String CONTAINER_STOPPED = "container-stopped";
    /** The beanstalkd container (bstkd) of the master is stopped. */
    public static final String CONTAINER_STOPPED_BSTKD = "container-stopped-bstkd";
    /** The slave is in standby. */
    public static final String NODE_STANDBY = "node-standby";
    /** The master is down; Pacemaker moved the master-group to the slave (Primary, WFConnection). */
    public static final String MASTER_DOWN = "master-down";
    /** The postgres container of the master exited and its data is behind: {@code skyha recover pg incr}. */
    public static final String PG_BROKEN = "pg-broken";
    public static final List<String> FAULTS = List.of(HEALTHY, DRBD_SPLIT_BRAIN, DRBD_DISCONNECTED, CONTAINER_STOPPED,
            CONTAINER_STOPPED_BSTKD, NODE_STANDBY, MASTER_DOWN, PG_BROKEN);

    static final List<String> CONTAINERS = List.of("postgres", "redis", "bstkd");
    static final int HISTORY_LIMIT = 200;
    private static final Logger log = LoggerFactory.getLogger(SkyhaSimulation.class);
    private static final DateTimeFormatter CRM_TIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    public record CommandRecord(String at, String host, String command, int exit) {
    }

    /** Snapshot of one node: its DRBD state in DRBD's words and what runs there. */
    public record NodeState(String name, String address, boolean up, boolean pacemaker, boolean standby,
                            boolean docker, boolean autoRecovery, boolean installed, String drbdRole,
                            String drbdConnection, String drbdDisk, List<String> containers,
                            List<CommandRecord> recentCommands) {
    }

    /**
     * @param master   the node running the master-group (null: none)
     * @param lostData nodes whose served data a {@code --discard-my-data} threw away
     */
    public record State(String lastInjectedFault, String master, boolean drbdHealthy, boolean splitBrain,
                        Double syncPercent, boolean pgHealthy, List<String> lostData, List<NodeState> nodes) {
    }

    private static final class Node {
        final String name;
        final String address;
        final Deque<CommandRecord> history = new ArrayDeque<>();
        boolean up = true;
        boolean pacemaker = true;
        boolean standby;
        boolean docker = true;
        boolean autoRecovery = true;
        boolean installed = true;
        boolean loopAttached = true;
        boolean primary;
        /** StandAlone, WFConnection, Connected, SyncSource, SyncTarget, Unconfigured. */
        String cs = "Connected";
        String disk = "UpToDate";
        boolean discard;
        /** Has writes the other node has not (since the split). */
        boolean ownChanges;

        Node(String name, String address) {
            this.name = name;
            this.address = address;
        }
    }

    private final Clock clock;
    private final Duration settleTime;
    private final Node a;
    private final Node b;
    private final Map<String, Boolean> containers = new LinkedHashMap<>();
    private Node master;
    private boolean pgBroken;
    private Instant syncStarted;
    private Instant failoverAt;
    private final List<String> lostData = new ArrayList<>();
    private String lastInjectedFault;

    public SkyhaSimulation() {
        this("skyha1", "skyha2", Clock.systemUTC(), Duration.ofSeconds(1));
    }

    /**
     * @param masterHost the first master (seed address 192.168.142.171)
     * @param slaveHost  the first slave (192.168.142.172)
     * @param settleTime how long a DRBD resync or a failover takes (the seed: ~30 s for a failover)
     */
    public SkyhaSimulation(String masterHost, String slaveHost, Clock clock, Duration settleTime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settleTime = settleTime;
        this.a = new Node(masterHost, "192.168.142.171");
        this.b = new Node(slaveHost, "192.168.142.172");
        reset(HEALTHY);
    }

    @Override
    public List<String> faults() {
        return FAULTS;
    }

    @Override
    public synchronized void inject(String fault) {
        if (!FAULTS.contains(fault)) {
            throw new IllegalArgumentException("unknown fault '" + fault + "'; known: " + FAULTS);
        }
        reset(fault);
    }

    private void reset(String fault) {
        for (Node n : List.of(a, b)) {
            n.up = true;
            n.pacemaker = true;
            n.standby = false;
            n.docker = true;
            n.autoRecovery = true;
            n.installed = true;
            n.loopAttached = true;
            n.cs = "Connected";
            n.disk = "UpToDate";
            n.discard = false;
            n.ownChanges = false;
        }
        master = a;
        a.primary = true;
        b.primary = false;
        CONTAINERS.forEach(c -> containers.put(c, true));
        pgBroken = false;
        syncStarted = null;
        failoverAt = null;
        lostData.clear();
        switch (fault) {
            case DRBD_SPLIT_BRAIN -> {
                a.cs = "StandAlone";
                b.cs = "StandAlone";
                a.ownChanges = true;
                b.ownChanges = true;
            }
            case DRBD_DISCONNECTED -> {
                a.cs = "WFConnection";
                b.cs = "StandAlone";
                a.ownChanges = true;
            }
            case CONTAINER_STOPPED -> containers.put("redis", false);
            case CONTAINER_STOPPED_BSTKD -> containers.put("bstkd", false);
            case NODE_STANDBY -> b.standby = true;
            case MASTER_DOWN -> {
                a.up = false;
                master = b;
                a.primary = false;
                b.primary = true;
                b.cs = "WFConnection";
                b.ownChanges = true;
            }
            case PG_BROKEN -> {
                pgBroken = true;
                containers.put("postgres", false);
            }
            default -> {
            }
        }
        lastInjectedFault = fault;
    }

    @Override
    public synchronized LabAnswer execute(String host, String commandLine, Supplier<String> stdin) {
        Node node = require(host);
        settle();
        String line = commandLine == null ? "" : commandLine.trim();
        LabAnswer answer;
        if (!node.up) {
            answer = LabAnswer.fail(255, "ssh: connect to host " + node.address + " port 22: No route to host\n");
        } else {
            answer = run(node, line);
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

    private LabAnswer run(Node node, String line) {
        switch (line) {
            case SHOW:
                return show(node);
            case PROC_DRBD:
                return LabAnswer.ok(procDrbd(node));
            case DOCKER_PS:
                return dockerPs(node);
            case BRAIN:
                return brain(node);
            case RECOVER_PG:
                return recoverPg(node);
            case RECOVER:
                return recover(node);
            case SWITCH:
                return switchMasterSlave(node);
            case RESET:
                return resetNode(node);
            case ENABLE_AUTO:
                node.autoRecovery = true;
                return LabAnswer.ok("auto_recovery enabled on " + node.name + "\n");
            case DISABLE_AUTO:
                node.autoRecovery = false;
                return LabAnswer.ok("auto_recovery disabled on " + node.name + "\n");
            case UNSTANDBY_ALL:
                if (!node.pacemaker) {
                    return LabAnswer.fail(1, "Error: cluster is not currently running on this node\n");
                }
                a.standby = false;
                b.standby = false;
                return LabAnswer.ok("");
            case STOP_PACEMAKER:
                return stopPacemaker(node);
            case STOP_DOCKER:
                return stopDocker(node);
            case LOSETUP:
                node.loopAttached = true;
                return LabAnswer.ok("");
            case "ping -c 3 " + VIP:
                return ping();
            default:
                break;
        }
        if (line.startsWith("docker start ")) {
            return dockerStart(node, line.substring("docker start ".length()).trim());
        }
        if (line.startsWith("pcs cluster standby ")) {
            return standby(node, line.substring("pcs cluster standby ".length()).trim());
        }
        if (line.startsWith("drbdadm ")) {
            return drbdadm(node, line);
        }
        if (line.startsWith(SKYHA + " install ")) {
            return install(node, line);
        }
        return null;
    }

    // ---------------------------------------------------------------- time

    private void settle() {
        Instant now = clock.instant();
        if (failoverAt != null && !now.isBefore(failoverAt)) {
            failoverAt = null;
            Node other = other(master);
            if (other.up && other.pacemaker && !other.standby && other.docker) {
                moveMaster(other);
            } else {
                master = null;
            }
        }
        if (syncStarted != null && !now.isBefore(syncStarted.plus(settleTime))) {
            syncStarted = null;
            for (Node n : List.of(a, b)) {
                n.cs = "Connected";
                n.disk = "UpToDate";
                n.discard = false;
                n.ownChanges = false;
            }
        }
    }

    private Double syncPercent() {
        if (syncStarted == null) {
            return null;
        }
        long total = Math.max(1, settleTime.toMillis());
        long done = Math.min(total, Duration.between(syncStarted, clock.instant()).toMillis());
        return Math.floor(1000.0 * done / total) / 10.0;
    }

    // ---------------------------------------------------------------- DRBD

    private LabAnswer drbdadm(Node node, String line) {
        if (!node.installed || "Unconfigured".equals(node.cs)) {
            return LabAnswer.fail(10, "1: Failure: (127) Device minor not allocated\nadditional info from kernel:\n"
                    + "unknown minor\nCommand 'drbdsetup-84 " + line.replace("drbdadm ", "") + "' terminated with "
                    + "exit code 10\n");
        }
        Node peer = other(node);
        switch (line) {
            case "drbdadm secondary all":
                node.primary = false;
                return LabAnswer.ok("");
            case "drbdadm primary all":
                if (peer.primary && connected(node)) {
                    return LabAnswer.fail(11, "1: State change failed: (-1) Multiple primaries not allowed by config\n"
                            + "Command 'drbdsetup-84 primary 1' terminated with exit code 11\n");
                }
                node.primary = true;
                return LabAnswer.ok("");
            case "drbdadm disconnect all":
                if (connected(node)) {
                    peer.cs = "WFConnection";
                    if (syncStarted != null) {
                        syncStarted = null;
                    }
                }
                node.cs = "StandAlone";
                return LabAnswer.ok("");
            case "drbdadm connect all":
                return connect(node, false);
            case "drbdadm -- --discard-my-data connect all":
                return connect(node, true);
            default:
                return null;
        }
    }

    private boolean connected(Node n) {
        return n.cs.equals("Connected") || n.cs.startsWith("Sync");
    }

    private LabAnswer connect(Node node, boolean discard) {
        if (!node.cs.equals("StandAlone")) {
            return LabAnswer.fail(10, "1: Failure: (125) Device has a net-config (use disconnect first)\n"
                    + "Command 'drbdsetup-84 connect skydata' terminated with exit code 10\n");
        }
        node.cs = "WFConnection";
        node.discard = discard;
        handshake();
        return LabAnswer.ok("");
    }

    /** Both nodes wait for each other: DRBD's handshake. */
    private void handshake() {
        if (!a.cs.equals("WFConnection") || !b.cs.equals("WFConnection") || !a.up || !b.up) {
            return;
        }
        boolean diverged = a.ownChanges && b.ownChanges;
        Node victim = a.discard ? a : b.discard ? b : null;
        if (a.discard && b.discard) {
            victim = null;
        }
        if (victim == null && diverged) {
            // Split-Brain detected but unresolved, dropping connection!
            a.cs = "StandAlone";
            b.cs = "StandAlone";
            a.discard = false;
            b.discard = false;
            return;
        }
        if (victim == null) {
            // no split: the side with changes is the source
            victim = a.ownChanges ? b : b.ownChanges ? a : null;
        }
        if (victim == null) {
            a.cs = "Connected";
            b.cs = "Connected";
            return;
        }
        if (victim == master || victim.primary) {
            lostData.add(victim.name);
        }
        Node source = other(victim);
        victim.cs = "SyncTarget";
        victim.disk = "Inconsistent";
        source.cs = "SyncSource";
        a.discard = false;
        b.discard = false;
        syncStarted = clock.instant();
    }

    private String procDrbd(Node n) {
        StringBuilder s = new StringBuilder("version: 8.4.7-1 (api:1/proto:86-101)\n"
                + "GIT-hash: 3a6a769340ef93b1ba2792c6461250790795db49 build by phil@Build64R7, 2016-01-12 14:29:40\n");
        if (!n.installed || !n.pacemaker || n.cs.equals("Unconfigured")) {
            return s.append(" 1: cs:Unconfigured\n").toString();
        }
        Node peer = other(n);
        boolean conn = connected(n);
        s.append(" 1: cs:").append(n.cs).append(" ro:").append(n.primary ? "Primary" : "Secondary").append('/')
                .append(conn ? (peer.primary ? "Primary" : "Secondary") : "Unknown").append(" ds:").append(n.disk)
                .append('/').append(conn ? peer.disk : "DUnknown").append(" C r-----\n")
                .append("    ns:0 nr:26415 dw:26415 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:")
                .append(n.cs.startsWith("Sync") || !conn ? "75096" : "0").append('\n');
        Double p = syncPercent();
        if (p != null && n.cs.startsWith("Sync")) {
            int bars = (int) (p / 5);
            s.append("\t[").append("=".repeat(Math.max(0, bars))).append('>').append(".".repeat(Math.max(0, 19 - bars)))
                    .append("] sync'ed: ").append(p).append("% (").append((int) (1000 * (100 - p) / 100))
                    .append("/1000)M\n\tfinish: 0:00:").append(String.format("%02d",
                            Math.max(0, (settleTime.toSeconds() * (long) (100 - p)) / 100)))
                    .append(" speed: 10,240 (10,240) K/sec\n");
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- skyha

    private LabAnswer brain(Node node) {
        if (node == master) {
            return LabAnswer.fail(1, "skyha brain: run it on the slave (" + other(node).name + "), not on the "
                    + "master\n");
        }
        boolean splitBrain = a.ownChanges && b.ownChanges;
        if (!node.cs.equals("StandAlone") && !node.cs.equals("WFConnection")) {
            return LabAnswer.ok("drbd is " + node.cs + ", no split brain to repair\n");
        }
        if (splitBrain) {
            return LabAnswer.ok("checking drbd split brain on " + node.name + " ...\n"
                    + "drbd split brain: data diverged on both nodes, automatic repair refused\n"
                    + "please repair drbd by hand\n");
        }
        node.primary = false;
        node.cs = "StandAlone";
        connect(node, true);
        Node peer = other(node);
        if (peer.cs.equals("StandAlone")) {
            connect(peer, false);
        }
        return LabAnswer.ok("checking drbd split brain on " + node.name + " ...\n"
                + "drbdadm secondary all\ndrbdadm disconnect all\ndrbdadm -- --discard-my-data connect all\n"
                + "drbd reconnected, resync from " + peer.name + " started\n");
    }

    private LabAnswer show(Node node) {
        StringBuilder s = new StringBuilder("Base Info:\n* vip: " + VIP + "\n* " + a.name + ": " + a.address + "\n* "
                + b.name + ": " + b.address + "\nSpace Info:\n");
        for (Node n : List.of(a, b)) {
            s.append("* Node ").append(n.name).append(":\n");
            if (!n.up) {
                s.append("ssh: connect to host ").append(n.address).append(" port 22: No route to host\n");
                continue;
            }
            s.append("164M /data/drbd.img\n133M /data/recover\n20K /drbd/nfsshare\n99M /drbd/pg\n61M /drbd/redis\n");
        }
        s.append("NFS Info:\nExport list for ").append(VIP).append(":\n");
        s.append(master != null ? "/drbd/nfsshare/exports *\n" : "clnt_create: RPC: Port mapper failure\n");
        if (!node.pacemaker) {
            s.append("Error: cluster is not currently running on this node\n");
            return new LabAnswer(1, s.toString(), "");
        }
        String now = CRM_TIME.format(clock.instant());
        Node dc = a.up && a.pacemaker ? a : b;
        s.append("Last updated: ").append(now).append(" Last change: ").append(now)
                .append(" by hacluster via crmd on ").append(dc.name).append('\n')
                .append("Stack: corosync\nCurrent DC: ").append(dc.name)
                .append(" (version 1.1.13-10.el7_2.2-44eb2dd) - partition with quorum\n")
                .append("2 nodes and 9 resources configured\n");
        for (Node n : List.of(a, b)) {
            if (n.up && n.pacemaker && n.standby) {
                s.append("Node ").append(n.name).append(": standby\n");
            }
        }
        List<String> online = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        for (Node n : List.of(a, b)) {
            if (n.up && n.pacemaker && !n.standby) {
                online.add(n.name);
            } else if (!n.up || !n.pacemaker) {
                offline.add(n.name);
            }
        }
        if (!online.isEmpty()) {
            s.append("Online: [ ").append(String.join(" ", online)).append(" ]\n");
        }
        if (!offline.isEmpty()) {
            s.append("OFFLINE: [ ").append(String.join(" ", offline)).append(" ]\n");
        }
        s.append("Full list of resources:\nMaster/Slave Set: drbd-cluster [skydata]\n");
        List<String> slaves = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        for (Node n : List.of(a, b)) {
            if (n == master) {
                continue;
            }
            if (n.up && n.pacemaker && !n.standby && n.installed && !n.cs.equals("Unconfigured")) {
                slaves.add(n.name);
            } else {
                stopped.add(n.name);
            }
        }
        if (master != null) {
            s.append("Masters: [ ").append(master.name).append(" ]\n");
        }
        if (!slaves.isEmpty()) {
            s.append("Slaves: [ ").append(String.join(" ", slaves)).append(" ]\n");
        }
        if (!stopped.isEmpty()) {
            s.append("Stopped: [ ").append(String.join(" ", stopped)).append(" ]\n");
        }
        s.append("Resource Group: master-group\n");
        String[][] group = {{"skyfs", "ocf::heartbeat:Filesystem"}, {"vip-master", "ocf::heartbeat:IPaddr2"},
                {"postgres", "ocf::heartbeat:docker"}, {"redis", "ocf::heartbeat:docker"},
                {"bstkd", "ocf::heartbeat:docker"}, {"nfs-daemon", "ocf::heartbeat:nfsserver"},
                {"nfs-root", "ocf::heartbeat:exportfs"}};
        for (String[] r : group) {
            boolean started = master != null && containers.getOrDefault(r[0], true);
            s.append(r[0]).append(" (").append(r[1]).append("): ").append(started ? "Started " + master.name
                    : "Stopped").append('\n');
        }
        s.append("Node Attributes:\n");
        for (Node n : List.of(a, b)) {
            if (!n.up || !n.pacemaker) {
                continue;
            }
            s.append("* Node ").append(n.name).append(":\n");
            s.append("+ master-skydata : ").append(masterScore(n)).append('\n');
            s.append("+ pgsql-data-status : ").append(pgStatus(n)).append('\n');
        }
        s.append("Migration Summary:\n");
        for (Node n : List.of(a, b)) {
            if (n.up && n.pacemaker) {
                s.append("* Node ").append(n.name).append(":\n");
            }
        }
        return LabAnswer.ok(s.toString());
    }

    private String masterScore(Node n) {
        if (!n.installed || n.cs.equals("Unconfigured")) {
            return "-INFINITY";
        }
        if (n.disk.equals("UpToDate")) {
            return connected(n) ? "10000" : "1000";
        }
        return "-INFINITY";
    }

    private String pgStatus(Node n) {
        if (n == master) {
            return pgBroken ? "DISCONNECT" : "LATEST";
        }
        return !pgBroken && master != null && connected(n) ? "STREAMING|SYNC" : "DISCONNECT";
    }

    private LabAnswer dockerPs(Node node) {
        if (!node.docker) {
            return LabAnswer.fail(1, "Cannot connect to the Docker daemon. Is the docker daemon running on this "
                    + "host?\n");
        }
        StringBuilder s = new StringBuilder("CONTAINER ID        IMAGE                       COMMAND                  "
                + "CREATED             STATUS              PORTS               NAMES\n");
        if (node == master) {
            String[][] images = {{"3f2a1c9d8e7b", "skylar_pg:6.0.0.2100", "postgres"},
                    {"8c1d2e3f4a5b", "skylar_redis:6.0.0.2000", "redis"},
                    {"5b6c7d8e9f0a", "skylar_beanstalkd:6.0.0.2000", "bstkd"}};
            for (String[] c : images) {
                if (containers.get(c[2])) {
                    s.append(String.format("%-20s%-28s%-25s%-20s%-20s%-20s%s%n", c[0], c[1],
                            "\"/docker-entrypoint.s\"", "2 days ago", "Up 2 days", "", c[2]));
                }
            }
        }
        return LabAnswer.ok(s.toString());
    }

    private LabAnswer dockerStart(Node node, String container) {
        if (!node.docker) {
            return LabAnswer.fail(1, "Cannot connect to the Docker daemon. Is the docker daemon running on this "
                    + "host?\n");
        }
        if (!CONTAINERS.contains(container) || node != master) {
            return LabAnswer.fail(1, "Error response from daemon: No such container: " + container + "\n"
                    + "Error: failed to start containers: " + container + "\n");
        }
        if (container.equals("postgres") && pgBroken) {
            // starts, then exits again: its data needs skyha recover pg incr
            return LabAnswer.ok(container + "\n");
        }
        containers.put(container, true);
        return LabAnswer.ok(container + "\n");
    }

    private LabAnswer recoverPg(Node node) {
        if (node != master) {
            return LabAnswer.fail(1, "skyha recover pg: run it on the master\n");
        }
        String out = "backup pg data to /data/recover/pg_" + CRM_TIME.format(clock.instant()).replace(' ', '_')
                + "\nrecover pg incr ...\n";
        pgBroken = false;
        containers.put("postgres", true);
        return LabAnswer.ok(out + "pg recovered\n");
    }

    private LabAnswer recover(Node node) {
        if (!node.loopAttached) {
            return LabAnswer.fail(1, "drbd backing device /dev/loop9 is not attached (losetup /dev/loop9 "
                    + "/drbd/drbd.img)\n");
        }
        node.pacemaker = true;
        node.docker = true;
        if (node.cs.equals("Unconfigured")) {
            node.cs = "StandAlone";
            node.primary = false;
            Node peer = other(node);
            if (peer.cs.equals("WFConnection")) {
                peer.cs = "StandAlone";
                connect(node, true);
                connect(peer, false);
            } else {
                connect(node, true);
            }
        }
        if (master == null) {
            moveMaster(node);
        }
        return LabAnswer.ok("backup pg and redis data to /data/recover\nrecover " + node.name + " ...\nskyha "
                + "recover done\n");
    }

    private LabAnswer switchMasterSlave(Node node) {
        if (node != master) {
            return LabAnswer.fail(1, "skyha switch-master-slave: " + node.name + " is not the master\n");
        }
        Node other = other(node);
        if (!connected(node) || !node.disk.equals("UpToDate") || !other.disk.equals("UpToDate") || other.standby
                || !other.pacemaker) {
            return LabAnswer.fail(1, "skyha switch-master-slave: drbd is not in sync (" + node.cs + " "
                    + node.disk + "/" + other.disk + "), refusing to switch\n");
        }
        moveMaster(other);
        return LabAnswer.ok("switch master from " + node.name + " to " + other.name + " ...\nswitch done\n");
    }

    private void moveMaster(Node to) {
        Node from = other(to);
        from.primary = false;
        to.primary = true;
        master = to;
    }

    private LabAnswer standby(Node node, String target) {
        Node t = target.equals(a.name) ? a : target.equals(b.name) ? b : null;
        if (t == null) {
            return LabAnswer.fail(1, "Error: node '" + target + "' does not appear to exist in configuration\n");
        }
        t.standby = true;
        if (t == master) {
            Node other = other(t);
            if (other.up && other.pacemaker && !other.standby) {
                moveMaster(other);
            } else {
                master = null;
            }
        }
        return LabAnswer.ok("");
    }

    private LabAnswer stopPacemaker(Node node) {
        node.pacemaker = false;
        node.loopAttached = false;
        if (node == master) {
            Node other = other(node);
            if (other.up && other.pacemaker && !other.standby) {
                moveMaster(other);
            } else {
                master = null;
            }
        }
        node.primary = false;
        node.cs = "Unconfigured";
        Node peer = other(node);
        if (connected(peer) || peer.cs.equals("WFConnection")) {
            peer.cs = "WFConnection";
            syncStarted = null;
        }
        return LabAnswer.ok("");
    }

    private LabAnswer stopDocker(Node node) {
        node.docker = false;
        if (node == master) {
            failoverAt = clock.instant().plus(settleTime);
        }
        return LabAnswer.ok("");
    }

    private LabAnswer ping() {
        if (master == null || !master.up) {
            return new LabAnswer(1, "PING " + VIP + " (" + VIP + ") 56(84) bytes of data.\n\n--- " + VIP
                    + " ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss, time 2001ms\n", "");
        }
        StringBuilder s = new StringBuilder("PING " + VIP + " (" + VIP + ") 56(84) bytes of data.\n");
        for (int i = 1; i <= 3; i++) {
            s.append("64 bytes from ").append(VIP).append(": icmp_seq=").append(i).append(" ttl=64 time=0.0")
                    .append(30 + i).append(" ms\n");
        }
        return LabAnswer.ok(s.append("\n--- ").append(VIP).append(" ping statistics ---\n3 packets transmitted, 3 "
                + "received, 0% packet loss, time 2002ms\n").toString());
    }

    private LabAnswer resetNode(Node node) {
        if (node == master) {
            master = null;
            lostData.add(node.name);
        }
        node.installed = false;
        node.pacemaker = false;
        node.primary = false;
        node.cs = "Unconfigured";
        node.disk = "Diskless";
        Node peer = other(node);
        if (connected(peer)) {
            peer.cs = "WFConnection";
            syncStarted = null;
        }
        return LabAnswer.ok("clean pacemaker, drbd and rsyncd config\nbackup pg data to /data/pg_bakup\nremove "
                + "images skylar_pg skylar_redis skylar_beanstalkd\nskyha reset done\n");
    }

    private LabAnswer install(Node node, String line) {
        if (node.installed) {
            return LabAnswer.fail(1, "skyha is already installed on " + node.name + ": run skyha reset first\n");
        }
        String expected = SKYHA + " install master_ip=" + a.address + " slave_ip=" + b.address + " vip_master="
                + VIP + " data_dir=/data master_hostname=" + (master == null ? a.name : master.name)
                + " slave_hostname=" + node.name;
        if (!line.startsWith(expected)) {
            return LabAnswer.fail(2, "skyha install: parameters do not match the cluster (expected «" + expected
                    + " …»)\n");
        }
        node.installed = true;
        node.pacemaker = true;
        node.loopAttached = true;
        node.primary = false;
        node.disk = "Inconsistent";
        node.cs = "StandAlone";
        Node peer = other(node);
        peer.ownChanges = true;
        node.ownChanges = false;
        if (peer.cs.equals("WFConnection")) {
            peer.cs = "StandAlone";
            connect(node, false);
            connect(peer, false);
        }
        return LabAnswer.ok("install drbd, pacemaker, docker images on " + node.name + " ...\ninstall done\n");
    }

    private Node other(Node n) {
        return n == a ? b : a;
    }

    private Node require(String host) {
        if (a.name.equals(host)) {
            return a;
        }
        if (b.name.equals(host)) {
            return b;
        }
        throw new IllegalArgumentException("host " + host + " is not part of the skyha lab (" + a.name + ", "
                + b.name + ")");
    }

    @Override
    public synchronized State state() {
        settle();
        List<NodeState> nodes = new ArrayList<>();
        for (Node n : List.of(a, b)) {
            List<String> running = n == master && n.docker
                    ? containers.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList()
                    : List.of();
            nodes.add(new NodeState(n.name, n.address, n.up, n.pacemaker, n.standby, n.docker, n.autoRecovery,
                    n.installed, n.primary ? "Primary" : "Secondary", n.cs, n.disk, running,
                    List.copyOf(n.history)));
        }
        boolean drbdHealthy = a.cs.equals("Connected") && b.cs.equals("Connected") && a.disk.equals("UpToDate")
                && b.disk.equals("UpToDate");
        return new State(lastInjectedFault, master == null ? null : master.name, drbdHealthy,
                a.ownChanges && b.ownChanges && !connected(a), syncPercent(), !pgBroken, List.copyOf(lostData),
                nodes);
    }

    /** The commands a host received, oldest first (for tests). */
    public synchronized List<String> commands(String host) {
        return require(host).history.stream().map(CommandRecord::command).toList();
    }
}
