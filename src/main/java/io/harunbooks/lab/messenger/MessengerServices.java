package io.harunbooks.lab.messenger;

import io.harunbooks.lab.LabAnswer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messenger services of the seed's sections "У сервиса типа KUST…", "…Tarantool…", "…MySQL…" and "Проблемы с
 * блокировкой повторного переключения…": the KUST service {@code cox} (instance {@code cox-1}), the Tarantool service
 * {@code badger} ({@code badger-3}), three MySQL clusters under orchestrator ({@code files}, {@code keycloak},
 * {@code store}) and the autoflip flag of the service {@code fate}.
 * <p>
 * With the nodes sorted by name (vkt03, vkt04 in the lab), cox's main is on the first node and its slave on the
 * second; badger's slave is on the first and its main on the second, as in the seed (slave on -01, main on -02).
 * <p>
 * Command lines are matched by whole-line patterns with single spaces (see the {@code *_PATTERN} constants); a
 * line that matches none is not answered here ({@link #execute} returns empty) and the caller answers 127. Refusals
 * and errors print {@code ERROR: …} on stderr with exit 1; the unexpected outputs of the clean scripts (faults
 * {@code *-clean-unexpected}) go to stdout with exit 0, as the seed's runbooks must detect them by output.
 * <p>
 * Time: "the replica needs a moment" depends on the injected {@link Clock} (Tarantool resync and errant fixes take
 * {@code settleTime}) or on the number of polls (a re-upped pod advances one step per {@code kubectl get po}); the
 * simulation never sleeps. Not thread-safe on its own: {@link MessengerSimulation} synchronizes every call.
 */
public final class MessengerServices {

    // --- command lines the lab accepts (the lab's values) --------------------------------------------------------
    public static final String IC_MAP_COX = "ic map cox";
    public static final String IC_MAP_BADGER = "ic map badger";
    public static final String IC_MAP_FATE = "ic map fate";
    public static final String CLEAN_KUST_COX = "clean_kust_replica.sh cox-1";
    public static final String CLEAN_TNT_BADGER = "clean_tnt_replica.sh badger-3";
    /** The flip of badger's slave as it is in the lab before any flip (slave on vkt03). */
    public static final String FLIP_BADGER_VKT03 = "ic flip badger.vkt03.badger-3";
    public static final String RESTART_BADGER = "systemctl restart tarantool@badger-3 badger-3";
    public static final String ORCH_TOPO = "/usr/local/bin/orch_topo.sh";
    public static final String FILES_REPLICA = "files-mysql-mysql-cluster-im-db-mysql-1.mysql.files:3306";
    public static final String STORE_REPLICA = "store-mysql-mysql-cluster-im-db-mysql-1.mysql.store:3306";
    public static final String REUP_FILES_REPLICA = "im_utils --reup-mysql-replica " + FILES_REPLICA;
    public static final String FIX_ERRANTS_FILES_REPLICA = "im_utils --orch-fix-errants " + FILES_REPLICA;
    public static final String KUBECTL_FILES = "kubectl -n files get po";
    public static final String SET_AUTOFLIP_FATE = "ic set_autoflip fate enable";

    public static final Pattern IC_MAP_PATTERN = Pattern.compile("ic map (\\S+)");
    public static final Pattern CLEAN_KUST_PATTERN = Pattern.compile("clean_kust_replica\\.sh (\\S+)");
    public static final Pattern CLEAN_TNT_PATTERN = Pattern.compile("clean_tnt_replica\\.sh (\\S+)");
    public static final Pattern FLIP_PATTERN = Pattern.compile("ic flip (\\S+)");
    /** {@code systemctl restart tarantool@<instance> <instance>}: both units of one instance. */
    public static final Pattern RESTART_TNT_PATTERN = Pattern.compile("systemctl restart tarantool@(\\S+) (\\S+)");
    public static final Pattern REUP_PATTERN = Pattern.compile("im_utils --reup-mysql-replica (\\S+)");
    public static final Pattern FIX_ERRANTS_PATTERN = Pattern.compile("im_utils --orch-fix-errants (\\S+)");
    public static final Pattern KUBECTL_GET_PO_PATTERN = Pattern.compile("kubectl -n (\\S+) get po");
    public static final Pattern SET_AUTOFLIP_PATTERN = Pattern.compile("ic set_autoflip (\\S+) enable");

    // --- faults ------------------------------------------------------------------------------------------------
    public static final String KUST_REPLICA_FAILED = "kust-replica-failed";
    public static final String KUST_CLEAN_UNEXPECTED = "kust-clean-unexpected";
    public static final String TARANTOOL_REPLICATION_STOPPED = "tarantool-replication-stopped";
    public static final String TARANTOOL_CLEAN_UNEXPECTED = "tarantool-clean-unexpected";
    public static final String TARANTOOL_FLIP_ERROR_ONCE = "tarantool-flip-error-once";
    public static final String TARANTOOL_FLIP_ERROR_ALWAYS = "tarantool-flip-error-always";
    public static final String MYSQL_BROKEN_REPLICA = "mysql-broken-replica";
    public static final String MYSQL_ERRANT = "mysql-errant";
    public static final String MYSQL_TWO_MASTERS = "mysql-two-masters";
    public static final String MYSQL_REPLICA_WITHOUT_MASTER = "mysql-replica-without-master";
    public static final String MYSQL_TWO_BROKEN = "mysql-two-broken";
    public static final String MYSQL_POD_NEVER_READY = "mysql-pod-never-ready";
    public static final String AUTOFLIP_BLOCKED = "autoflip-blocked";
    public static final String AUTOFLIP_BLOCKED_KUST_BROKEN = "autoflip-blocked-kust-broken";
    /** The service faults, in the order the lab lists them (after the controller's). */
    public static final List<String> FAULTS = List.of(KUST_REPLICA_FAILED, KUST_CLEAN_UNEXPECTED,
            TARANTOOL_REPLICATION_STOPPED, TARANTOOL_CLEAN_UNEXPECTED, TARANTOOL_FLIP_ERROR_ONCE,
            TARANTOOL_FLIP_ERROR_ALWAYS, MYSQL_BROKEN_REPLICA, MYSQL_ERRANT, MYSQL_TWO_MASTERS,
            MYSQL_REPLICA_WITHOUT_MASTER, MYSQL_TWO_BROKEN, MYSQL_POD_NEVER_READY, AUTOFLIP_BLOCKED,
            AUTOFLIP_BLOCKED_KUST_BROKEN);

    public static final Duration DEFAULT_SETTLE_TIME = Duration.ofSeconds(1);
    /** The seed's MySQL version in every orch_topo line. */
    static final String MYSQL_VERSION = "8.0.27-18";
    /** Age kubectl shows for pods that were not re-upped. */
    static final String OLD_POD_AGE = "41d";
    static final String TNT_NOT_IN_SYNC = "ERROR: replica %s is not in sync yet\n";
    static final String FLIP_TIMEOUT = "ERROR: flip failed: timeout\n";
    /** The seed's im_utils log time: {@code 25 Feb 25 15:29:31 854622} (day, month, year, time, microseconds). */
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd MMM yy HH:mm:ss SSSSSS",
            Locale.ENGLISH);

    /** KUST or Tarantool: how {@code ic map} lays out the map and what the clean script is called. */
    public enum ServiceType { KUST, TARANTOOL }

    /** Steps of a re-upped pod, one per {@code kubectl get po} (a pod that was not re-upped is {@code READY}). */
    enum PodPhase {
        PENDING("0/5", "Pending"), CONTAINER_CREATING("0/5", "ContainerCreating"), STARTING("3/5", "Running"),
        READY("5/5", "Running"), CRASH_LOOP("0/5", "CrashLoopBackOff");

        final String ready;
        final String status;

        PodPhase(String ready, String status) {
            this.ready = ready;
            this.status = status;
        }
    }

    /** Shape of a MySQL cluster in orchestrator. */
    enum Shape { NORMAL, TWO_MASTERS, NO_MASTER }

    /**
     * A KUST or Tarantool service with one instance on two nodes ({@code services.kust.<service>},
     * {@code services.tarantool.<service>} in the lab's state JSON).
     *
     * @param service      service (map) name, e.g. {@code badger}
     * @param type         {@code KUST} or {@code TARANTOOL}
     * @param instance     instance, e.g. {@code badger-3}
     * @param mainHost     node holding the main
     * @param slaveHost    node holding the slave
     * @param mainSrv      full srv name of the main, e.g. {@code badger.vkt04.badger-3}
     * @param slaveSrv     full srv name of the slave (what {@code ic flip} takes)
     * @param replicating  the slave receives data from the main (false under the replication faults until a clean)
     * @param resyncing    a Tarantool clean ran less than {@code settleTime} ago: the slave is not in sync yet
     * @param lastCleanOk  whether the last clean script ended with the seed's success lines; null before any clean
     * @param lastCleanHost node the last clean script ran on (null before any)
     * @param cleans       clean scripts run to completion (refusals not counted)
     * @param flips        successful {@code ic flip}s
     * @param lastFlipHost node the last successful flip ran on (null before any)
     * @param restarts     node -> number of {@code systemctl restart tarantool@<i> <i>} run on it (every node listed)
     */
    public record ReplicaSetState(String service, ServiceType type, String instance, String mainHost,
                                  String slaveHost, String mainSrv, String slaveSrv, boolean replicating,
                                  boolean resyncing, Boolean lastCleanOk, String lastCleanHost, int cleans, int flips,
                                  String lastFlipHost, Map<String, Integer> restarts) {
    }

    /**
     * One MySQL cluster under orchestrator ({@code services.mysql.<cluster>}).
     *
     * @param cluster          cluster name = Kubernetes namespace, e.g. {@code files}
     * @param master           orchestrator instance of the master ({@code …-0.mysql.files:3306}); null when
     *                         orch_topo shows no master (replica without master)
     * @param replica          orchestrator instance of the replica ({@code …-1.mysql.files:3306})
     * @param replicaStatus    {@code ok}, {@code errant} (replicating, errant GTIDs), {@code broken} (nonreplicating,
     *                         "-" line), {@code two-masters}, {@code no-master}
     * @param replicating      the replica replicates from the master
     * @param errant           orch_topo marks the replica {@code GTID:errant}
     * @param errantFixPending {@code im_utils --orch-fix-errants} ran less than {@code settleTime} ago
     * @param replicaPod       the replica's pod name
     * @param podReady         its READY column, e.g. {@code 0/5}, {@code 5/5}
     * @param podStatus        its STATUS column: Pending, ContainerCreating, Running, CrashLoopBackOff
     * @param podPolls         {@code kubectl get po} calls since the last re-up (0 when never re-upped)
     * @param reups            {@code im_utils --reup-mysql-replica} runs for this replica
     * @param errantFixes      {@code im_utils --orch-fix-errants} runs for this replica
     */
    public record MysqlClusterState(String cluster, String master, String replica, String replicaStatus,
                                    boolean replicating, boolean errant, boolean errantFixPending, String replicaPod,
                                    String podReady, String podStatus, int podPolls, int reups, int errantFixes) {
    }

    /**
     * Autoflip of one service ({@code services.autoflip.<service>}).
     *
     * @param service                       e.g. {@code fate}
     * @param enabled                       {@code ic map} prints {@code autoflip:  enable}
     * @param blocked                       {@code disable due to previous autoflip - have to unset manually}
     * @param enabledWhileReplicationBroken {@code ic set_autoflip … enable} ran while a KUST or Tarantool replica was
     *                                      not replicating (the seed says to repair replication first)
     */
    public record AutoflipState(String service, boolean enabled, boolean blocked,
                                boolean enabledWhileReplicationBroken) {
    }

    /**
     * The {@code services} section of the lab's state.
     *
     * @param kust      service -> state (the lab: {@code cox})
     * @param tarantool service -> state (the lab: {@code badger})
     * @param mysql     cluster -> state ({@code files}, {@code keycloak}, {@code store})
     * @param autoflip  service -> state (the lab: {@code fate})
     */
    public record ServicesState(Map<String, ReplicaSetState> kust, Map<String, ReplicaSetState> tarantool,
                                Map<String, MysqlClusterState> mysql, Map<String, AutoflipState> autoflip) {
    }

    private static final class ReplicaSet {
        final String service;
        final ServiceType type;
        final String instance;
        final long buckets;
        final int port;
        final String firstMain;
        final String firstSlave;
        String mainHost;
        String slaveHost;
        boolean replicating;
        Instant cleanedAt;
        Boolean lastCleanOk;
        String lastCleanHost;
        int cleans;
        int flips;
        String lastFlipHost;
        final Map<String, Integer> restarts = new TreeMap<>();
        boolean cleanFails;
        /** Flips that will answer a timeout: 0, 1 (fault flip-error-once), or -1 = always. */
        int flipErrors;

        ReplicaSet(String service, ServiceType type, String instance, long buckets, int port, String main,
                   String slave) {
            this.service = service;
            this.type = type;
            this.instance = instance;
            this.buckets = buckets;
            this.port = port;
            this.firstMain = main;
            this.firstSlave = slave;
        }

        String srv(String host) {
            return service + "." + host + "." + instance;
        }
    }

    private static final class MysqlCluster {
        final String name;
        Shape shape;
        boolean replicating;
        boolean errant;
        Instant errantFixAt;
        /** Null: the original pod, 5/5 Running for 41d. */
        Instant podCreatedAt;
        int podPolls;
        PodPhase podPhase;
        boolean podNeverReady;
        int reups;
        int errantFixes;

        MysqlCluster(String name) {
            this.name = name;
        }

        String pod(int ordinal) {
            return name + "-mysql-mysql-cluster-im-db-mysql-" + ordinal;
        }

        String instance(int ordinal) {
            return pod(ordinal) + ".mysql." + name + ":3306";
        }
    }

    private static final class Autoflip {
        final String service;
        boolean blocked;
        boolean enabledWhileReplicationBroken;

        Autoflip(String service) {
            this.service = service;
        }
    }

    private record Route(Pattern pattern, BiFunction<String, Matcher, LabAnswer> handler) {
    }

    private final Clock clock;
    private final Duration settleTime;
    private final List<String> nodeNames;
    private final Map<String, String> addresses;
    private final Map<String, ReplicaSet> replicaSets = new LinkedHashMap<>();
    private final Map<String, MysqlCluster> mysql = new LinkedHashMap<>();
    private final Autoflip fate = new Autoflip("fate");
    private final List<Route> routes = new ArrayList<>();

    /**
     * @param addresses  node name -> internal (weave) address, in node order; at least two nodes
     * @param clock      the time for resyncs, errant fixes, pod ages and im_utils' log lines
     * @param settleTime how long a Tarantool resync and an errant fix take
     */
    public MessengerServices(Map<String, String> addresses, Clock clock, Duration settleTime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settleTime = settleTime == null ? DEFAULT_SETTLE_TIME : settleTime;
        this.addresses = new LinkedHashMap<>(addresses);
        this.nodeNames = List.copyOf(addresses.keySet());
        if (nodeNames.size() < 2) {
            throw new IllegalArgumentException("the services need at least two nodes, got " + nodeNames);
        }
        String first = nodeNames.get(0);
        String second = nodeNames.get(1);
        replicaSets.put("cox", new ReplicaSet("cox", ServiceType.KUST, "cox-1", 2147483648L, 2510, first, second));
        replicaSets.put("badger",
                new ReplicaSet("badger", ServiceType.TARANTOOL, "badger-3", 268435456L, 2502, second, first));
        for (String c : List.of("files", "keycloak", "store")) {
            mysql.put(c, new MysqlCluster(c));
        }
        routes.add(new Route(IC_MAP_PATTERN, this::icMap));
        routes.add(new Route(CLEAN_KUST_PATTERN, (host, m) -> clean(host, m.group(1), ServiceType.KUST)));
        routes.add(new Route(CLEAN_TNT_PATTERN, (host, m) -> clean(host, m.group(1), ServiceType.TARANTOOL)));
        routes.add(new Route(FLIP_PATTERN, this::flip));
        routes.add(new Route(RESTART_TNT_PATTERN, this::restartTarantool));
        routes.add(new Route(Pattern.compile(Pattern.quote(ORCH_TOPO)), (host, m) -> orchTopo()));
        routes.add(new Route(REUP_PATTERN, this::reup));
        routes.add(new Route(FIX_ERRANTS_PATTERN, this::fixErrants));
        routes.add(new Route(KUBECTL_GET_PO_PATTERN, this::kubectlGetPo));
        routes.add(new Route(SET_AUTOFLIP_PATTERN, this::setAutoflip));
        reset(MessengerSimulation.HEALTHY);
    }

    /** The answer to a service command line (already trimmed), empty when the line is not a service command. */
    public Optional<LabAnswer> execute(String host, String line) {
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(line);
            if (m.matches()) {
                settle();
                return Optional.of(route.handler().apply(host, m));
            }
        }
        return Optional.empty();
    }

    /**
     * Back to healthy, then applies {@code fault} if it is one of {@link #FAULTS} (any other name, e.g. a controller
     * fault, leaves the services healthy). The flip-error faults and the clean-unexpected faults include the broken
     * replication they are meant to be met in.
     */
    public void reset(String fault) {
        for (ReplicaSet r : replicaSets.values()) {
            r.mainHost = r.firstMain;
            r.slaveHost = r.firstSlave;
            r.replicating = true;
            r.cleanedAt = null;
            r.lastCleanOk = null;
            r.lastCleanHost = null;
            r.cleans = 0;
            r.flips = 0;
            r.lastFlipHost = null;
            r.restarts.clear();
            nodeNames.forEach(n -> r.restarts.put(n, 0));
            r.cleanFails = false;
            r.flipErrors = 0;
        }
        for (MysqlCluster c : mysql.values()) {
            c.shape = Shape.NORMAL;
            c.replicating = true;
            c.errant = false;
            c.errantFixAt = null;
            c.podCreatedAt = null;
            c.podPolls = 0;
            c.podPhase = PodPhase.READY;
            c.podNeverReady = false;
            c.reups = 0;
            c.errantFixes = 0;
        }
        fate.blocked = false;
        fate.enabledWhileReplicationBroken = false;

        ReplicaSet cox = replicaSets.get("cox");
        ReplicaSet badger = replicaSets.get("badger");
        MysqlCluster files = mysql.get("files");
        switch (fault) {
            case KUST_REPLICA_FAILED -> cox.replicating = false;
            case KUST_CLEAN_UNEXPECTED -> {
                cox.replicating = false;
                cox.cleanFails = true;
            }
            case TARANTOOL_REPLICATION_STOPPED -> badger.replicating = false;
            case TARANTOOL_CLEAN_UNEXPECTED -> {
                badger.replicating = false;
                badger.cleanFails = true;
            }
            case TARANTOOL_FLIP_ERROR_ONCE -> {
                badger.replicating = false;
                badger.flipErrors = 1;
            }
            case TARANTOOL_FLIP_ERROR_ALWAYS -> {
                badger.replicating = false;
                badger.flipErrors = -1;
            }
            case MYSQL_BROKEN_REPLICA -> broken(files);
            case MYSQL_ERRANT -> files.errant = true;
            case MYSQL_TWO_MASTERS -> {
                broken(files);
                files.shape = Shape.TWO_MASTERS;
            }
            case MYSQL_REPLICA_WITHOUT_MASTER -> {
                broken(files);
                files.shape = Shape.NO_MASTER;
            }
            case MYSQL_TWO_BROKEN -> {
                broken(files);
                broken(mysql.get("store"));
            }
            case MYSQL_POD_NEVER_READY -> {
                broken(files);
                files.podNeverReady = true;
            }
            case AUTOFLIP_BLOCKED -> fate.blocked = true;
            case AUTOFLIP_BLOCKED_KUST_BROKEN -> {
                fate.blocked = true;
                cox.replicating = false;
            }
            default -> {
                // healthy, or a controller fault: the services stay healthy
            }
        }
    }

    private static void broken(MysqlCluster c) {
        c.replicating = false;
        c.errant = true;
    }

    /** Whether {@code ic map fate} reports autoflip blocked (the controller's topology check reports it too). */
    public List<String> autoflipBlockedMaps() {
        return fate.blocked ? List.of(fate.service) : List.of();
    }

    public ServicesState state() {
        settle();
        Map<String, ReplicaSetState> kust = new LinkedHashMap<>();
        Map<String, ReplicaSetState> tarantool = new LinkedHashMap<>();
        for (ReplicaSet r : replicaSets.values()) {
            (r.type == ServiceType.KUST ? kust : tarantool).put(r.service, snapshot(r));
        }
        Map<String, MysqlClusterState> clusters = new LinkedHashMap<>();
        mysql.values().forEach(c -> clusters.put(c.name, snapshot(c)));
        return new ServicesState(kust, tarantool, clusters, Map.of(fate.service,
                new AutoflipState(fate.service, !fate.blocked, fate.blocked, fate.enabledWhileReplicationBroken)));
    }

    private ReplicaSetState snapshot(ReplicaSet r) {
        return new ReplicaSetState(r.service, r.type, r.instance, r.mainHost, r.slaveHost, r.srv(r.mainHost),
                r.srv(r.slaveHost), r.replicating, resyncing(r), r.lastCleanOk, r.lastCleanHost, r.cleans, r.flips,
                r.lastFlipHost, Map.copyOf(new TreeMap<>(r.restarts)));
    }

    private MysqlClusterState snapshot(MysqlCluster c) {
        return new MysqlClusterState(c.name, c.shape == Shape.NO_MASTER ? null : c.instance(0), c.instance(1),
                status(c), c.replicating, c.errant, c.errantFixAt != null, c.pod(1), c.podPhase.ready,
                c.podPhase.status, c.podPolls, c.reups, c.errantFixes);
    }

    private static String status(MysqlCluster c) {
        return switch (c.shape) {
            case TWO_MASTERS -> "two-masters";
            case NO_MASTER -> "no-master";
            case NORMAL -> !c.replicating ? "broken" : c.errant ? "errant" : "ok";
        };
    }

    /** Applies what the clock says is done: errant fixes older than {@code settleTime}. */
    private void settle() {
        Instant now = clock.instant();
        for (MysqlCluster c : mysql.values()) {
            if (c.errantFixAt != null && !now.isBefore(c.errantFixAt.plus(settleTime))) {
                c.errant = false;
                c.errantFixAt = null;
            }
        }
    }

    private boolean resyncing(ReplicaSet r) {
        return r.type == ServiceType.TARANTOOL && r.cleanedAt != null
                && clock.instant().isBefore(r.cleanedAt.plus(settleTime));
    }

    private boolean inSync(ReplicaSet r) {
        return r.replicating && !resyncing(r);
    }

    private static LabAnswer error(String message) {
        return LabAnswer.fail(1, "ERROR: " + message + "\n");
    }

    // --- ic map ---------------------------------------------------------------------------------------------

    private LabAnswer icMap(String host, Matcher m) {
        String name = m.group(1);
        if (fate.service.equals(name)) {
            return LabAnswer.ok(fateMap());
        }
        ReplicaSet r = replicaSets.get(name);
        if (r == null) {
            return error("map " + name + " not found"); // invented: the seed shows no such error
        }
        StringBuilder out = new StringBuilder();
        if (r.type == ServiceType.KUST) {
            // the seed's layout: two-space indent, single spaces
            out.append("node ").append(r.instance).append(" (").append(r.buckets).append(" buckets)\n");
            for (String n : nodeNames) {
                if (n.equals(r.mainHost) || n.equals(r.slaveHost)) {
                    out.append("  srv ").append(r.srv(n)).append(' ').append(addresses.get(n)).append(':')
                            .append(r.port).append(" alive ").append(n.equals(r.mainHost) ? "main" : "slave")
                            .append('\n');
                }
            }
        } else {
            // the seed's Tarantool sample is tab-separated, with three trailing tabs on the node line
            out.append("node\t").append(r.instance).append("\t(").append(r.buckets).append(" buckets)\t\t\t\n");
            for (String n : nodeNames) {
                if (n.equals(r.mainHost) || n.equals(r.slaveHost)) {
                    out.append("srv\t").append(r.srv(n)).append("\t\t").append(addresses.get(n)).append(':')
                            .append(r.port).append("\talive\t").append(n.equals(r.mainHost) ? "main" : "slave")
                            .append('\n');
                }
            }
        }
        return LabAnswer.ok(out.toString());
    }

    /**
     * The seed's two samples of {@code ic map fate}, spacing kept. The seed's document wraps the blocked sample:
     * {@code [ALERT]} stands on its own line (kept), and the lastseen timestamp is pushed onto the next line (here
     * printed after {@code lastseen:} and one space on the same line, as the tool prints it).
     */
    private String fateMap() {
        if (fate.blocked) {
            return "autoflip:  disable  due  to  previous  autoflip  -  have  to  unset  manually\n"
                    + "[ALERT]\n"
                    + "node 01      (4294967296  buckets)\n"
                    + "  srv  fate.onpremise.fate-1  10.32.0.1:2517  dead  slave  lastseen: 2025-08-14/14:09:05\n"
                    + "  srv  fate.onpremise.fate-2  10.32.0.1:2553  alive  main\n";
        }
        return "autoflip:  enable\n"
                + "node  01    (4294967296  buckets)\n"
                + "  srv  fate.onpremise.fate-1    10.32.0.1:2517  alive  slave\n"
                + "  srv  fate.onpremise.fate-2    10.32.0.1:2553  alive  main\n";
    }

    private LabAnswer setAutoflip(String host, Matcher m) {
        String name = m.group(1);
        if (!fate.service.equals(name) && !replicaSets.containsKey(name)) {
            return error("map " + name + " not found");
        }
        if (fate.service.equals(name)) {
            if (fate.blocked && replicaSets.values().stream().anyMatch(r -> !r.replicating)) {
                fate.enabledWhileReplicationBroken = true;
            }
            fate.blocked = false;
        }
        return LabAnswer.ok("OK\n"); // invented: the seed shows no output of set_autoflip
    }

    // --- clean scripts, flip, restart ---------------------------------------------------------------------------

    private Optional<ReplicaSet> byInstance(String instance, ServiceType type) {
        return replicaSets.values().stream().filter(r -> r.type == type && r.instance.equals(instance)).findFirst();
    }

    private LabAnswer clean(String host, String instance, ServiceType type) {
        Optional<ReplicaSet> found = byInstance(instance, type);
        if (found.isEmpty()) {
            return error("unknown instance " + instance);
        }
        ReplicaSet r = found.get();
        if (host.equals(r.mainHost)) {
            return error(instance + " is main on this node, refusing to clean");
        }
        if (!host.equals(r.slaveHost)) {
            return error(instance + " is not on this node");
        }
        r.cleans++;
        r.lastCleanHost = host;
        r.lastCleanOk = !r.cleanFails;
        r.replicating = !r.cleanFails;
        return LabAnswer.ok(type == ServiceType.KUST ? kustCleanOutput(r) : tarantoolCleanOutput(r));
    }

    /**
     * The seed says only that files are deleted, then shows the two last lines; the stop and deletion lines are
     * invented. Fault kust-clean-unexpected replaces the last line.
     */
    private static String kustCleanOutput(ReplicaSet r) {
        String i = r.instance;
        return "INFO: stopping " + i + "\n"
                + "removed '/data/kust/" + i + "/data/00000000000000105912.snap'\n"
                + "removed '/data/kust/" + i + "/data/00000000000000105912.xlog'\n"
                + "removed '/data/kust/" + i + "/data/00000000000000131070.xlog'\n"
                + "removed directory '/data/kust/" + i + "/data'\n"
                + "INFO: starting " + i + "\n"
                + (r.cleanFails ? "ERROR: failed to start " + i + "\n" : "INFO: successfully started " + i + "\n");
    }

    /**
     * The stop and deletion lines are invented; the five lines after them are the seed's. Fault
     * tarantool-clean-unexpected appends an error line.
     */
    private String tarantoolCleanOutput(ReplicaSet r) {
        String i = r.instance;
        r.cleanedAt = clock.instant();
        return "INFO: stopping IPROS instance " + i + "\n"
                + "INFO: stopping tarantool instance tarantool@" + i + "\n"
                + "removed '/data/tarantool/" + i + "/00000000000002811734.snap'\n"
                + "removed '/data/tarantool/" + i + "/00000000000002811734.xlog'\n"
                + "removed '/data/tarantool/" + i + "/00000000000002904417.xlog'\n"
                + "INFO: starting tarantool instance tarantool@" + i + "\n"
                + "INFO: successfully started tarantool@" + i + "\n"
                + "INFO: waiting 10 seconds\n"
                + "INFO: starting IPROS instance " + i + "\n"
                + "INFO: successfully started " + i + "\n"
                + (r.cleanFails ? "ERROR: IPROS instance " + i + " exited\n" : "");
    }

    /**
     * {@code ic flip <full srv name of the slave>}: refuses a name that is not a slave, then a slave not in sync
     * (replication stopped, or cleaned less than {@code settleTime} ago), then answers the injected timeouts; only
     * then swaps the roles and prints {@code started}. A timeout is spent only by a flip that would have worked.
     * {@code ic} is cluster-wide: the flip is accepted on any node; the node is recorded.
     */
    private LabAnswer flip(String host, Matcher m) {
        String srv = m.group(1);
        Optional<ReplicaSet> bySlave = replicaSets.values().stream().filter(r -> r.srv(r.slaveHost).equals(srv))
                .findFirst();
        if (bySlave.isEmpty()) {
            boolean isMain = replicaSets.values().stream().anyMatch(r -> r.srv(r.mainHost).equals(srv));
            return error(isMain ? srv + " is main, not a slave" : "unknown srv " + srv); // invented texts
        }
        ReplicaSet r = bySlave.get();
        if (!inSync(r)) {
            return LabAnswer.fail(1, TNT_NOT_IN_SYNC.formatted(r.instance));
        }
        if (r.flipErrors != 0) {
            if (r.flipErrors > 0) {
                r.flipErrors--;
            }
            return LabAnswer.fail(1, FLIP_TIMEOUT);
        }
        String oldMain = r.mainHost;
        r.mainHost = r.slaveHost;
        r.slaveHost = oldMain;
        r.flips++;
        r.lastFlipHost = host;
        return LabAnswer.ok("started\n");
    }

    /** {@code systemctl restart tarantool@<i> <i>}: silent, exit 0, counted per node. */
    private LabAnswer restartTarantool(String host, Matcher m) {
        String instance = m.group(1);
        Optional<ReplicaSet> r = byInstance(instance, ServiceType.TARANTOOL);
        if (!instance.equals(m.group(2)) || r.isEmpty()) {
            return LabAnswer.fail(5, "Failed to restart " + m.group(2) + ".service: Unit " + m.group(2)
                    + ".service not found.\n");
        }
        r.get().restarts.merge(host, 1, Integer::sum);
        return LabAnswer.ok("");
    }

    // --- MySQL ----------------------------------------------------------------------------------------------

    /**
     * The seed's orch_topo lines, clusters in the order files, keycloak, store: master without prefix, working
     * replica {@code +}, broken replica {@code -}; with two masters both lines have no prefix; without a master only
     * the replica's line is printed, without prefix. Where the seed shows only the files lines (broken, errant),
     * the other clusters are printed healthy.
     */
    private LabAnswer orchTopo() {
        StringBuilder out = new StringBuilder();
        for (MysqlCluster c : mysql.values()) {
            if (c.shape != Shape.NO_MASTER) {
                out.append(orchLine("", c, 0, "0s,ok", "rw", false));
            }
            switch (c.shape) {
                case TWO_MASTERS, NO_MASTER -> out.append(orchLine("", c, 1, "null,nonreplicating", "ro", c.errant));
                case NORMAL -> out.append(c.replicating
                        ? orchLine("+ ", c, 1, "0s,ok", "ro", c.errant)
                        : orchLine("- ", c, 1, "null,nonreplicating", "ro", c.errant));
            }
        }
        return LabAnswer.ok(out.toString());
    }

    private static String orchLine(String prefix, MysqlCluster c, int ordinal, String lagAndState, String mode,
                                   boolean errant) {
        return prefix + c.instance(ordinal) + " (" + c.pod(ordinal) + ") [" + lagAndState + "," + MYSQL_VERSION + ","
                + mode + ",ROW,>>,GTID" + (errant ? ":errant" : "") + "]\n";
    }

    private Optional<MysqlCluster> clusterOf(String instance, int ordinal) {
        return mysql.values().stream().filter(c -> c.instance(ordinal).equals(instance)).findFirst();
    }

    /**
     * {@code im_utils --reup-mysql-replica <replica>}: the seed's five log lines with the clock's time; deletes the
     * replica's pvc and pod, which comes back through the pod phases, one per {@code kubectl get po}. Refuses an
     * unknown name, a master, and a cluster without a master to clone from (texts invented).
     */
    private LabAnswer reup(String host, Matcher m) {
        String name = m.group(1);
        Optional<MysqlCluster> found = clusterOf(name, 1);
        if (found.isEmpty()) {
            return error(clusterOf(name, 0).isPresent() ? name + " is a master, not a replica"
                    : "unknown replica " + name);
        }
        MysqlCluster c = found.get();
        if (c.shape == Shape.NO_MASTER) {
            return error("no master found for " + name + ", cannot re-up the replica");
        }
        c.reups++;
        c.podCreatedAt = clock.instant();
        c.podPolls = 0;
        c.podPhase = PodPhase.PENDING;
        String t = LOG_TIME.format(clock.instant().atZone(clock.getZone()));
        return LabAnswer.ok(t + " | WARN | pkg/weave/report.go:134 > assuming weave is ready |\n"
                + t + " | INFO | pkg/weave/weave.go:140 > weave is ready |\n"
                + t + " | WARN | pkg/weave/report.go:134 > assuming weave is ready |\n"
                + t + " | INFO | cmd/utils/main.go:497 > deleting pvc " + c.name + ":data-" + c.pod(1) + " |\n"
                + t + " | INFO | cmd/utils/main.go:499 > deleting pod " + c.name + ":" + c.pod(1) + " |\n");
    }

    /**
     * {@code im_utils --orch-fix-errants <replica>}: the errant mark disappears {@code settleTime} later (the runbook
     * waits two minutes). The seed shows no output; the log line is invented in im_utils' format.
     */
    private LabAnswer fixErrants(String host, Matcher m) {
        String name = m.group(1);
        Optional<MysqlCluster> found = clusterOf(name, 1);
        if (found.isEmpty()) {
            return error("unknown replica " + name);
        }
        MysqlCluster c = found.get();
        c.errantFixes++;
        if (c.errant) {
            c.errantFixAt = clock.instant();
        }
        String t = LOG_TIME.format(clock.instant().atZone(clock.getZone()));
        return LabAnswer.ok(t + " | INFO | cmd/utils/main.go:531 > injecting empty transactions for errant GTIDs on "
                + c.name + ":" + c.pod(1) + " |\n");
    }

    /**
     * {@code kubectl -n <ns> get po}: tab-separated with a header, as in the seed. Each call moves a re-upped pod one
     * phase on: Pending, ContainerCreating, 3/5 Running, 5/5 Running (then the replica is repaired); under
     * mysql-pod-never-ready it stays 0/5 CrashLoopBackOff after ContainerCreating.
     */
    private LabAnswer kubectlGetPo(String host, Matcher m) {
        MysqlCluster c = mysql.get(m.group(1));
        if (c == null) {
            return new LabAnswer(0, "", "No resources found in " + m.group(1) + " namespace.\n");
        }
        int restarts = 0;
        if (c.podCreatedAt != null) {
            c.podPolls++;
        }
        if (c.podCreatedAt != null && c.podPhase != PodPhase.READY) {
            c.podPhase = switch (c.podPolls) {
                case 1 -> PodPhase.PENDING;
                case 2 -> PodPhase.CONTAINER_CREATING;
                case 3 -> c.podNeverReady ? PodPhase.CRASH_LOOP : PodPhase.STARTING;
                default -> c.podNeverReady ? PodPhase.CRASH_LOOP : PodPhase.READY;
            };
            if (c.podPhase == PodPhase.READY) {
                c.shape = Shape.NORMAL;
                c.replicating = true;
                c.errant = false;
                c.errantFixAt = null;
            }
        }
        if (c.podPhase == PodPhase.CRASH_LOOP) {
            restarts = c.podPolls - 2;
        }
        String age = c.podCreatedAt == null ? OLD_POD_AGE
                : humanDuration(Duration.between(c.podCreatedAt, clock.instant()));
        return LabAnswer.ok("NAME\tREADY\tSTATUS\tRESTARTS\tAGE\n"
                + c.pod(0) + "\t5/5\tRunning\t0\t" + OLD_POD_AGE + "\n"
                + c.pod(1) + "\t" + c.podPhase.ready + "\t" + c.podPhase.status + "\t" + restarts + "\t" + age + "\n");
    }

    /** kubectl's AGE column (k8s.io/apimachinery duration.HumanDuration), up to days. */
    static String humanDuration(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
        }
        return hours / 24 + "d";
    }
}
