package io.harunbooks.lab.compass;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabSimulation;
import io.harunbooks.lab.LabSystem;
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
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Compass on-premise pair as seed 000 describes it: the primary and the reserve server (installation roles, fixed),
 * keepalived moving a VIP between them, lsyncd sending files from the active server to the other, MySQL replication
 * of the pivot database and of every space (team) from the active server to the other, driven by the installer's
 * scripts ({@code cd <installer> && sudo python3 script/...}), the labels in {@code src/values.compass.yaml}, and the
 * installer itself ({@code git pull}, {@code update.py}). Which server is active (holds the VIP, runs lsyncd) is state:
 * {@code sudo systemctl restart keepalived} on the active server moves the VIP to the other one (the seed's switch).
 * <p>
 * Command lines are matched exactly (after trimming) against the seed's verbatim commands, with the installer
 * directory, the VIP, the remote user and the root mount path as values; anything else answers like {@code sh}: exit
 * 127. Scripts that prompt ({@code start_slave_replication.py -t team}, {@code restore_db.py}, {@code repair_team.py})
 * read their answer from standard input: the space id, the backup name ({@code reserve_company_<id>}) or its number,
 * the space id. Replication lag shrinks with the clock: a lag set at time t is 0 at t + settle time. Thread-safe.
 */
public final class CompassSimulation implements LabSimulation {

    public static final String CLUSTER = "compass-lab";
    public static final String SYSTEM = "compass";
    public static final String PRIMARY = "compass-primary";
    public static final String RESERVE = "compass-reserve";
    public static final String PRIMARY_ADDRESS = "127.0.10.11";
    public static final String RESERVE_ADDRESS = "127.0.10.12";
    /** Installation roles (inventory roles): fixed; which server is active is state. */
    public static final String ROLE_PRIMARY = "primary";
    public static final String ROLE_RESERVE = "reserve";
    /** The VIP of the lab (the runbooks' default {@code vip}). */
    public static final String DEFAULT_VIP = "10.32.88.100";
    /**
     * Where the installer was cloned: the runbooks' default {@code installerDir}, their commands run as
     * {@code cd {{installerDir}} && …}.
     */
    public static final String INSTALLER_DIR = "/opt/compass-installer";
    /** {@code root_mount_path} of values.compass.yaml: backups to restore are read from {@code <it>/backups/}. */
    public static final String ROOT_MOUNT_PATH = "/home/compass";
    public static final Duration DEFAULT_SETTLE_TIME = Duration.ofSeconds(60);

    // ---- the seed's commands, verbatim; the installer scripts run as "cd <installer> && <command>"
    public static final String CHECK_MASTER = "sudo python3 script/replication/check_current_master_server.py";
    public static final String SHOW_REPLICATION =
            "sudo python3 script/replication/show_slave_replication_status.py --all-types --all-teams";
    public static final String RESET_REPLICATION =
            "sudo python3 script/replication/reset_slave_replication.py --all-types --all-teams";
    public static final String START_REPLICATION =
            "sudo python3 script/replication/start_slave_replication.py --all-types --all-teams";
    public static final String START_TEAM_REPLICATION = "sudo python3 script/replication/start_slave_replication.py -t team";
    public static final String UPDATE = "sudo python3 script/update.py";
    public static final String GIT_PULL = "git pull";
    public static final String GREP_LABELS = "grep service_label src/values.compass.yaml";
    /** Followed by {@code <remote_server_user>@<reserve_server_ip>:/home/<remote_server_user>/backups/}. */
    public static final String CREATE_TEAM = "sudo python3 script/create_team.py -dst";
    /** With the seed's trailing semicolon. */
    public static final String RESTORE_DB = "sudo python3 script/restore_db.py --force-update-company-db 0;";
    public static final String REPAIR_TEAM = "sudo python3 script/replication/repair_team.py";
    public static final String RESTART_KEEPALIVED = "sudo systemctl restart keepalived";
    public static final String STATUS_KEEPALIVED = "sudo systemctl status keepalived";
    public static final String STATUS_LSYNCD = "sudo systemctl status lsyncd";
    public static final String KEEPALIVED_LOG = "sudo tail -n 100 /var/log/keepalived-state.log";
    /** The seed only says «проверить логи lsyncd»: lsyncd's default log file. */
    public static final String LSYNCD_LOG = "sudo tail -n 100 /var/log/lsyncd/lsyncd.log";

    // ---- faults
    public static final String HEALTHY = "healthy";
    public static final String VIP_ON_BOTH = "vip-on-both";
    public static final String VIP_ON_NONE = "vip-on-none";
    public static final String LSYNCD_ON_BOTH = "lsyncd-on-both";
    public static final String LABELS_INCONSISTENT = "labels-inconsistent";
    public static final String REPLICATION_BROKEN = "replication-broken";
    public static final String REPLICATION_LAGGING = "replication-lagging";
    /** The primary is down: every command on it fails like ssh to a host that is off (exit 255). */
    public static final String PRIMARY_DOWN = "primary-down";
    /** Traffic on the reserve; the primary is back with lsyncd off and replication not switched back. */
    public static final String AFTER_PRIMARY_FAILURE = "after-primary-failure";
    /** keepalived is stopped on the reserve (the VIP stays on the primary): «Если служба остановлена…». */
    public static final String KEEPALIVED_STOPPED_ON_RESERVE = "keepalived-stopped-on-reserve";
    /** Healthy, but update.py on the inactive server leaves its replication stopped on an error. */
    public static final String REPLICATION_BREAKS_ON_UPDATE = "replication-breaks-on-update";
    public static final List<String> FAULTS = List.of(HEALTHY, VIP_ON_BOTH, VIP_ON_NONE, LSYNCD_ON_BOTH,
            LABELS_INCONSISTENT, REPLICATION_BROKEN, REPLICATION_LAGGING, PRIMARY_DOWN, AFTER_PRIMARY_FAILURE,
            KEEPALIVED_STOPPED_ON_RESERVE, REPLICATION_BREAKS_ON_UPDATE);

    /** The installer's version before and after {@code git pull}. */
    public static final String INSTALLED_VERSION = "6.0.0";
    public static final String RELEASED_VERSION = "6.1.0";
    /** The SQL error of a broken replica (replication-broken). */
    public static final String DUPLICATE_KEY_ERROR = "Could not execute Write_rows_v1 event on table "
            + "pivot_company_service.company_list; Duplicate entry '1' for key 'PRIMARY', Error_code: 1062";
    static final int HISTORY_LIMIT = 300;

    private static final Logger log = LoggerFactory.getLogger(CompassSimulation.class);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SYSTEMD_TIME = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss 'UTC'",
            java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final Pattern IN_INSTALLER = Pattern.compile("cd (\\S+) && (.+)");
    private static final Pattern GREP_VIP = Pattern.compile("ip (?:a|addr show) \\| grep (\\S+)");
    private static final Pattern MKDIR_BACKUPS = Pattern.compile("sudo mkdir -p (/home/[A-Za-z0-9._-]+/backups/)");
    private static final Pattern MOVE_BACKUPS = Pattern.compile(
            "sudo mv (/home/[A-Za-z0-9._-]+/backups/)\\* (/\\S*?)/backups/");
    private static final Pattern CREATE_TEAM_DST = Pattern.compile(
            Pattern.quote(CREATE_TEAM) + " ([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):(/home/[A-Za-z0-9._-]+/backups/)");

    /** Replication of a server from the other one (its slave side). */
    public enum Replication {
        /** No replication configured (never started, or reset). */
        NONE,
        /** Configured, stopped (the new active server after a switch). */
        STOPPED,
        RUNNING,
        /** The SQL thread stopped on an error. */
        ERROR,
        /** The IO thread cannot reach the other server (it is down). */
        CONNECTING
    }

    public enum KeepalivedState { MASTER, BACKUP, FAULT, STOP }

    public record CommandRecord(String at, String host, String command, int exit) {
    }

    /** A space (team) on one server: its database replicates from the other server, it was repaired. */
    public record SpaceState(long id, boolean replicating, boolean repaired) {
    }

    /**
     * Snapshot of one server.
     *
     * @param role               installation role: primary or reserve
     * @param reachable          false while the server is down
     * @param holdsVip           the VIP is on this server: it is the active one
     * @param replication        its slave side, from the other server
     * @param secondsBehind      lag now (0 unless running and behind)
     * @param backupDirs         {@code /home/<user>/backups/} directories and the files in them
     * @param backups            backups in {@code <root_mount_path>/backups/}
     * @param refusedStarts      start_slave_replication.py runs refused because the server was active
     */
    public record NodeState(String name, String address, String role, boolean reachable, boolean holdsVip,
                            boolean keepalivedRunning, KeepalivedState keepalivedState, boolean lsyncdRunning,
                            Replication replication, long secondsBehind, String replicationError,
                            String serviceLabel, String masterServiceLabel, String installerVersion,
                            String deployedVersion, int updates, List<SpaceState> spaces,
                            Map<String, List<String>> backupDirs, List<String> backups, int refusedStarts,
                            List<String> keepalivedLog, List<CommandRecord> recentCommands) {
    }

    /**
     * Snapshot of the pair.
     *
     * @param vipHolders servers holding the VIP (exactly one when healthy)
     * @param active     the one VIP holder, null when none or both
     */
    public record State(String lastInjectedFault, String vip, List<String> vipHolders, String active,
                        List<NodeState> nodes) {
    }

    private static final class Space {
        boolean replicating;
        boolean repaired;

        Space(boolean replicating, boolean repaired) {
            this.replicating = replicating;
            this.repaired = repaired;
        }
    }

    private static final class Node {
        final String name;
        final String address;
        final String role;
        final Deque<CommandRecord> history = new ArrayDeque<>();
        boolean down;
        boolean vip;
        boolean keepalivedRunning;
        KeepalivedState keepalived;
        boolean lsyncdRunning;
        Replication replication;
        Instant lagUntil;
        boolean pendingChanges;
        String replicationError;
        String serviceLabel;
        String masterServiceLabel;
        String installerVersion;
        String deployedVersion;
        int updates;
        int refusedStarts;
        final TreeMap<Long, Space> spaces = new TreeMap<>();
        final Map<String, List<String>> backupDirs = new TreeMap<>();
        final TreeSet<String> backups = new TreeSet<>();
        final List<String> keepalivedLog = new ArrayList<>();
        final List<String> lsyncdLog = new ArrayList<>();

        Node(String name, String address, String role) {
            this.name = name;
            this.address = address;
            this.role = role;
        }
    }

    private final Clock clock;
    private final Duration settleTime;
    private final String vip;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private long nextSpaceId;
    private boolean updateBreaksReplication;
    private String lastInjectedFault;

    /** The lab pair with the system clock, {@link #DEFAULT_SETTLE_TIME} and {@link #DEFAULT_VIP}. */
    public CompassSimulation() {
        this(Clock.systemUTC());
    }

    public CompassSimulation(Clock clock) {
        this(clock, DEFAULT_SETTLE_TIME);
    }

    public CompassSimulation(Clock clock, Duration settleTime) {
        this(clock, settleTime, DEFAULT_VIP);
    }

    /**
     * @param clock      times the replication lag and the log lines
     * @param settleTime how long a lag takes to drop to 0 (after a fault, an update on the active server, a start of
     *                   replication with changes to catch up)
     * @param vip        the VIP the servers share
     */
    public CompassSimulation(Clock clock, Duration settleTime, String vip) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settleTime = Objects.requireNonNull(settleTime, "settleTime");
        this.vip = Objects.requireNonNull(vip, "vip");
        nodes.put(PRIMARY, new Node(PRIMARY, PRIMARY_ADDRESS, ROLE_PRIMARY));
        nodes.put(RESERVE, new Node(RESERVE, RESERVE_ADDRESS, ROLE_RESERVE));
        reset(HEALTHY);
    }

    /** The lab cluster {@value #CLUSTER}: both servers on their loopback addresses with this simulation. */
    public static LabSystem labSystem(Clock clock, Duration settleTime) {
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put(PRIMARY, PRIMARY_ADDRESS);
        hosts.put(RESERVE, RESERVE_ADDRESS);
        return new LabSystem(CLUSTER, SYSTEM, hosts, Map.of(PRIMARY, List.of(ROLE_PRIMARY),
                RESERVE, List.of(ROLE_RESERVE)), new CompassSimulation(clock, settleTime));
    }

    /** A command of the installer as the runbooks send it: {@code cd <installer> && <command>}. */
    public static String inInstaller(String command) {
        return "cd " + INSTALLER_DIR + " && " + command;
    }

    public String vip() {
        return vip;
    }

    public Duration settleTime() {
        return settleTime;
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
        if (node.down) {
            answer = LabAnswer.fail(255, "ssh: connect to host " + node.name + " port 22: Connection refused\n");
        } else {
            answer = dispatch(node, line, stdin);
        }
        if (answer.exit() == LabAnswer.NOT_FOUND) {
            log.warn("Lab {}: unknown command, answering {}: {}", host, answer.exit(), line);
        }
        node.history.addLast(new CommandRecord(clock.instant().toString(), host, line, answer.exit()));
        while (node.history.size() > HISTORY_LIMIT) {
            node.history.removeFirst();
        }
        return answer;
    }

    private LabAnswer dispatch(Node node, String line, Supplier<String> stdin) {
        Matcher m = IN_INSTALLER.matcher(line);
        if (m.matches()) {
            if (!m.group(1).equals(INSTALLER_DIR)) {
                return LabAnswer.fail(2, "sh: 1: cd: can't cd to " + m.group(1) + "\n");
            }
            return installer(node, m.group(2).trim(), stdin);
        }
        switch (line) {
            case RESTART_KEEPALIVED:
                return restartKeepalived(node);
            case STATUS_KEEPALIVED:
                return unitStatus(node.keepalivedRunning, "keepalived.service - Keepalive Daemon (LVS and VRRP)",
                        "/lib/systemd/system/keepalived.service", "keepalived", 1187);
            case STATUS_LSYNCD:
                return unitStatus(node.lsyncdRunning, "lsyncd.service - LSB: lsyncd daemon init script",
                        "/etc/init.d/lsyncd; generated", "lsyncd", 2214);
            case KEEPALIVED_LOG:
                return LabAnswer.ok(tail(node.keepalivedLog));
            case LSYNCD_LOG:
                return LabAnswer.ok(tail(node.lsyncdLog));
            default:
                break;
        }
        if ((m = GREP_VIP.matcher(line)).matches()) {
            if (node.vip && m.group(1).equals(vip)) {
                return LabAnswer.ok("    inet " + vip + "/32 scope global eth0\n");
            }
            return new LabAnswer(1, "", "");
        }
        if ((m = MKDIR_BACKUPS.matcher(line)).matches()) {
            node.backupDirs.computeIfAbsent(m.group(1), d -> new ArrayList<>());
            return LabAnswer.ok("");
        }
        if ((m = MOVE_BACKUPS.matcher(line)).matches()) {
            return moveBackups(node, m.group(1), m.group(2));
        }
        return LabAnswer.notFound(line);
    }

    private LabAnswer installer(Node node, String command, Supplier<String> stdin) {
        switch (command) {
            case CHECK_MASTER:
                return LabAnswer.ok(node.vip ? "Данный сервер является активным мастер сервером\n"
                        : "Данный сервер НЕ является активным мастер сервером\n");
            case SHOW_REPLICATION:
                return showReplication(node);
            case RESET_REPLICATION:
                return resetReplication(node);
            case START_REPLICATION:
                return startReplication(node);
            case START_TEAM_REPLICATION:
                return startTeamReplication(node, stdin.get());
            case UPDATE:
                return update(node);
            case GIT_PULL:
                return gitPull(node);
            case GREP_LABELS:
                return LabAnswer.ok("service_label: " + yaml(node.serviceLabel) + "\nmaster_service_label: "
                        + yaml(node.masterServiceLabel) + "\n");
            case RESTORE_DB:
                return restoreDb(node, stdin.get());
            case REPAIR_TEAM:
                return repairTeam(node, stdin.get());
            default:
                break;
        }
        Matcher m = CREATE_TEAM_DST.matcher(command);
        if (m.matches()) {
            return createTeam(node, m.group(1), m.group(2), m.group(3));
        }
        return LabAnswer.notFound(command);
    }

    // ------------------------------------------------------------------------------------------ keepalived, lsyncd

    private LabAnswer restartKeepalived(Node node) {
        Node other = peer(node);
        boolean otherCanTakeOver = other.keepalivedRunning && !other.down;
        node.keepalivedRunning = true;
        if (node.vip && otherCanTakeOver) {
            node.vip = false;
            enter(node, KeepalivedState.BACKUP);
            if (!other.vip) {
                other.vip = true;
                enter(other, KeepalivedState.MASTER);
            }
            becomeActive(other, node);
        } else if (node.vip) {
            enter(node, KeepalivedState.MASTER);
        } else if (!other.vip || other.down) {
            node.vip = true;
            enter(node, KeepalivedState.MASTER);
            becomeActive(node, other);
        } else {
            enter(node, KeepalivedState.BACKUP);
        }
        return LabAnswer.ok("");
    }

    /** The active server changed: lsyncd follows, labels follow, the new active server's replication stops. */
    private void becomeActive(Node active, Node inactive) {
        if (!active.lsyncdRunning) {
            active.lsyncdRunning = true;
            lsyncdLine(active, "Normal: --- Startup, daemonizing ---");
        }
        if (inactive.lsyncdRunning) {
            inactive.lsyncdRunning = false;
            lsyncdLine(inactive, "Normal: --- TERM signal, fading ---");
        }
        active.masterServiceLabel = active.serviceLabel;
        if (!inactive.down) {
            inactive.masterServiceLabel = active.serviceLabel;
        }
        if (active.replication == Replication.RUNNING || active.replication == Replication.ERROR
                || active.replication == Replication.CONNECTING) {
            active.replication = Replication.STOPPED;
            active.spaces.values().forEach(s -> s.replicating = false);
        }
    }

    private void enter(Node node, KeepalivedState state) {
        node.keepalived = state;
        node.keepalivedLog.add(LOG_TIME.format(clock.instant()) + " " + node.name + " keepalived: VRRP_Instance(VI_1) "
                + "entered " + state + " state");
    }

    private void lsyncdLine(Node node, String text) {
        node.lsyncdLog.add(SYSTEMD_TIME.format(clock.instant()).replace(" UTC", "") + " " + text);
    }

    private LabAnswer unitStatus(boolean running, String title, String loaded, String process, int pid) {
        String since = SYSTEMD_TIME.format(clock.instant().minus(Duration.ofHours(2)));
        if (running) {
            return LabAnswer.ok("● " + title + "\n     Loaded: loaded (" + loaded + "; enabled; vendor preset: enabled)\n"
                    + "     Active: active (running) since " + since + "; 2h ago\n   Main PID: " + pid + " ("
                    + process + ")\n");
        }
        return new LabAnswer(3, "○ " + title + "\n     Loaded: loaded (" + loaded + "; enabled; vendor preset: "
                + "enabled)\n     Active: inactive (dead)\n", "");
    }

    private static String tail(List<String> lines) {
        List<String> last = lines.subList(Math.max(0, lines.size() - 100), lines.size());
        return last.isEmpty() ? "" : String.join("\n", last) + "\n";
    }

    // ------------------------------------------------------------------------------------------------ replication

    private LabAnswer showReplication(Node node) {
        if (node.spaces.isEmpty()) {
            return new LabAnswer(1, "Не найдено ни одной команды на сервере. Окружение поднято?\n", "");
        }
        StringBuilder out = new StringBuilder("Статус репликации для типа monolith:\n");
        boolean allOk = channel(out, node.replication, true, node);
        for (Map.Entry<Long, Space> space : node.spaces.entrySet()) {
            out.append("Статус репликации в команде ").append(space.getKey()).append(":\n");
            allOk &= channel(out, node.replication, space.getValue().replicating, node);
        }
        if (!allOk) {
            out.append("\nРепликация не может завершиться корректно!\nПроверьте следующие моменты:\n"
                    + "- верно ли указан Master_Host (если репликация запущена на reserve сервере, то Master_Host должен "
                    + "иметь в названии лейбл primary),\n- был ли ранее создан mysql-пользователь, имя которого "
                    + "используется в поле Master_User,\n- проверьте ошибки в полях Last_IO_Error и Last_SQL_Error.\n\n");
        }
        return LabAnswer.ok(out.toString());
    }

    private boolean channel(StringBuilder out, Replication replication, boolean replicating, Node node) {
        if (!replicating) {
            out.append("Репликация не запущена: Slave_IO_Running = None; Slave_SQL_Running = None\n");
            return false;
        }
        String io;
        String sql;
        switch (replication) {
            case RUNNING -> {
                long lag = lag(node);
                out.append(lag == 0 ? "Репликация работает корректно\n"
                        : "Репликация запущена, но отстаёт на " + lag + " seconds\n");
                return true;
            }
            case ERROR -> {
                io = "Yes";
                sql = "No";
            }
            case CONNECTING -> {
                io = "Connecting";
                sql = "Yes";
            }
            case STOPPED -> {
                io = "No";
                sql = "No";
            }
            default -> {
                io = "None";
                sql = "None";
            }
        }
        out.append("Репликация не запущена: Slave_IO_Running = ").append(io).append("; Slave_SQL_Running = ")
                .append(sql).append("\n");
        return false;
    }

    private long lag(Node node) {
        if (node.replication != Replication.RUNNING || node.lagUntil == null) {
            return 0;
        }
        long ms = Duration.between(clock.instant(), node.lagUntil).toMillis();
        return ms <= 0 ? 0 : (ms + 999) / 1000;
    }

    private LabAnswer resetReplication(Node node) {
        StringBuilder out = new StringBuilder();
        out.append("Сбрасываем репликацию для типа monolith...\nРепликация для типа monolith сброшена\n");
        for (Long id : node.spaces.keySet()) {
            out.append("Сбрасываем репликацию в команде ").append(id).append("...\nРепликация в команде ").append(id)
                    .append(" сброшена\n");
        }
        node.replication = Replication.NONE;
        node.replicationError = "";
        node.lagUntil = null;
        node.spaces.values().forEach(s -> s.replicating = false);
        return LabAnswer.ok(out.toString());
    }

    private LabAnswer refuseOnActive(Node node) {
        node.refusedStarts++;
        return new LabAnswer(1, "Данный сервер является активным мастер сервером: репликацию запускают только на "
                + "сервере, который НЕ является активным\n", "");
    }

    private LabAnswer startReplication(Node node) {
        if (node.vip) {
            return refuseOnActive(node);
        }
        Node source = peer(node);
        if (node.replication == Replication.ERROR) {
            return new LabAnswer(1, "Запускаем репликацию для типа monolith...\nНе удалось запустить репликацию: "
                    + "Last_SQL_Error: " + node.replicationError + "\nСбросьте репликацию скриптом "
                    + "reset_slave_replication.py и запустите её заново\n", "");
        }
        if (source.down) {
            return new LabAnswer(1, "Запускаем репликацию для типа monolith...\nНе удалось подключиться к master "
                    + "серверу " + source.address + "\n", "");
        }
        StringBuilder out = new StringBuilder();
        if (node.replication == Replication.RUNNING) {
            out.append("Репликация для типа monolith уже запущена\n");
        } else {
            node.replication = Replication.RUNNING;
            node.replicationError = "";
            node.lagUntil = node.pendingChanges ? clock.instant().plus(settleTime) : null;
            node.pendingChanges = false;
            out.append("Запускаем репликацию для типа monolith...\nРепликация для типа monolith запущена\n");
        }
        for (Map.Entry<Long, Space> space : node.spaces.entrySet()) {
            if (source.spaces.containsKey(space.getKey())) {
                space.getValue().replicating = true;
                out.append("Запускаем репликацию в команде ").append(space.getKey()).append("...\nРепликация в команде ")
                        .append(space.getKey()).append(" запущена\n");
            }
        }
        return LabAnswer.ok(out.toString());
    }

    private LabAnswer startTeamReplication(Node node, String answer) {
        StringBuilder out = new StringBuilder("Выберите команду, для которой запускаем репликацию:\n");
        for (Long id : node.spaces.keySet()) {
            out.append("ID команды = ").append(id).append("\n");
        }
        String chosen = answer == null ? "" : answer.strip();
        if (node.vip) {
            return refuseOnActive(node);
        }
        Space space = chosen.matches("\\d+") ? node.spaces.get(Long.valueOf(chosen)) : null;
        if (space == null) {
            return new LabAnswer(1, out + "Выбран некорректный вариант\n", "");
        }
        space.replicating = true;
        return LabAnswer.ok(out + "Запускаем репликацию в команде " + chosen + "...\nРепликация в команде " + chosen
                + " запущена\n");
    }

    // ------------------------------------------------------------------------------------------ installer, update

    private LabAnswer gitPull(Node node) {
        if (node.installerVersion.equals(RELEASED_VERSION)) {
            return LabAnswer.ok("Already up to date.\n");
        }
        node.installerVersion = RELEASED_VERSION;
        return LabAnswer.ok("Updating 3f2a1c4..9b8e7d6\nFast-forward\n script/update.py       | 12 ++++++------\n"
                + " src/values.yaml        |  4 ++--\n 2 files changed, 8 insertions(+), 8 deletions(-)\n");
    }

    private LabAnswer update(Node node) {
        node.deployedVersion = node.installerVersion;
        node.updates++;
        Node other = peer(node);
        if (node.vip && other.replication == Replication.RUNNING && !other.down) {
            other.lagUntil = clock.instant().plus(settleTime);
        }
        if (!node.vip && updateBreaksReplication && node.replication == Replication.RUNNING) {
            node.replication = Replication.ERROR;
            node.replicationError = DUPLICATE_KEY_ERROR;
            updateBreaksReplication = false;
        }
        return LabAnswer.ok("Обновляем серверную часть приложения до версии " + node.deployedVersion + "...\n"
                + "Обновление завершено\n");
    }

    // ------------------------------------------------------------------------------------------ spaces, backups

    private LabAnswer createTeam(Node node, String user, String host, String dir) {
        if (!node.vip) {
            return new LabAnswer(1, "Данный сервер НЕ является активным мастер сервером: создавайте пространство на "
                    + "активном сервере\n", "");
        }
        Node target = nodes.values().stream().filter(n -> n != node && (n.address.equals(host) || n.name.equals(host)))
                .findFirst().orElse(null);
        if (target == null || target.down) {
            return new LabAnswer(1, "Создаём пространство...\n", "ssh: connect to host " + host
                    + " port 22: No route to host\nНе удалось отправить бекап на " + user + "@" + host + ":" + dir + "\n");
        }
        if (!dir.equals("/home/" + user + "/backups/") || !target.backupDirs.containsKey(dir)) {
            return new LabAnswer(1, "Создаём пространство...\n", "scp: " + dir + ": No such file or directory\n");
        }
        long id = nextSpaceId++;
        node.spaces.put(id, new Space(false, true));
        String backup = "reserve_company_" + id;
        target.backupDirs.get(dir).add(backup);
        return LabAnswer.ok("Создаём пространство...\nПространство создано. ID пространства: " + id + "\nБекап "
                + backup + " отправлен на " + user + "@" + host + ":" + dir + "\n");
    }

    private LabAnswer moveBackups(Node node, String dir, String root) {
        List<String> files = node.backupDirs.get(dir);
        if (files == null || files.isEmpty()) {
            return new LabAnswer(1, "", "mv: cannot stat '" + dir + "*': No such file or directory\n");
        }
        if (!root.equals(ROOT_MOUNT_PATH)) {
            return new LabAnswer(1, "", "mv: target '" + root + "/backups/' is not a directory\n");
        }
        node.backups.addAll(files);
        files.clear();
        return LabAnswer.ok("");
    }

    private LabAnswer restoreDb(Node node, String answer) {
        List<String> list = List.copyOf(node.backups);
        StringBuilder out = new StringBuilder("Выберите бекап для восстановления:\n");
        for (int i = 0; i < list.size(); i++) {
            out.append(i + 1).append(". ").append(list.get(i)).append("\n");
        }
        if (list.isEmpty()) {
            return new LabAnswer(1, "Не найдено ни одного бекапа в " + ROOT_MOUNT_PATH + "/backups/\n", "");
        }
        String chosen = answer == null ? "" : answer.strip();
        if (chosen.matches("\\d+") && Integer.parseInt(chosen) >= 1 && Integer.parseInt(chosen) <= list.size()) {
            chosen = list.get(Integer.parseInt(chosen) - 1);
        }
        Matcher m = Pattern.compile("reserve_company_(\\d+)").matcher(chosen);
        if (!list.contains(chosen) || !m.matches()) {
            return new LabAnswer(1, out + "Выбран некорректный вариант\n", "");
        }
        long id = Long.parseLong(m.group(1));
        node.spaces.put(id, new Space(false, false));
        return LabAnswer.ok(out + "Восстанавливаем базу данных из бекапа " + chosen + "...\nВосстановление завершено\n");
    }

    private LabAnswer repairTeam(Node node, String answer) {
        String chosen = answer == null ? "" : answer.strip();
        String prompt = "Введите id команды, которую нужно восстановить: ";
        Space space = chosen.matches("\\d+") ? node.spaces.get(Long.valueOf(chosen)) : null;
        if (space == null) {
            return new LabAnswer(1, prompt + "\nКоманда с id " + chosen + " не найдена\n", "");
        }
        space.repaired = true;
        return LabAnswer.ok(prompt + "\nВосстанавливаем команду " + chosen + "...\nКоманда " + chosen
                + " восстановлена\n");
    }

    private static String yaml(String value) {
        return value == null || value.isEmpty() ? "\"\"" : value;
    }

    // ------------------------------------------------------------------------------------------------ faults, state

    /**
     * Puts the pair into a fault's state, starting from healthy: the primary active (VIP, keepalived MASTER, lsyncd),
     * the reserve its hot standby (keepalived BACKUP, lsyncd off, replication running and caught up), labels
     * primary/primary and reserve/primary, space 1 on both, installer {@value #INSTALLED_VERSION} with
     * {@value #RELEASED_VERSION} released. Command histories are kept.
     */
    @Override
    public synchronized void inject(String fault) {
        if (!FAULTS.contains(fault)) {
            throw new IllegalArgumentException("unknown fault '" + fault + "' (valid faults: "
                    + String.join(", ", FAULTS) + ")");
        }
        reset(fault);
        log.info("Lab compass simulation: fault '{}' injected", fault);
    }

    private void reset(String fault) {
        Node p = nodes.get(PRIMARY);
        Node r = nodes.get(RESERVE);
        for (Node n : nodes.values()) {
            n.down = false;
            n.keepalivedRunning = true;
            n.serviceLabel = n.role;
            n.masterServiceLabel = ROLE_PRIMARY;
            n.installerVersion = INSTALLED_VERSION;
            n.deployedVersion = INSTALLED_VERSION;
            n.updates = 0;
            n.refusedStarts = 0;
            n.lagUntil = null;
            n.pendingChanges = false;
            n.replicationError = "";
            n.spaces.clear();
            n.backupDirs.clear();
            n.backups.clear();
            n.keepalivedLog.clear();
            n.lsyncdLog.clear();
        }
        nextSpaceId = 2;
        updateBreaksReplication = false;
        p.vip = true;
        enter(p, KeepalivedState.MASTER);
        p.lsyncdRunning = true;
        lsyncdLine(p, "Normal: --- Startup, daemonizing ---");
        p.replication = Replication.NONE;
        p.spaces.put(1L, new Space(false, true));
        r.vip = false;
        enter(r, KeepalivedState.BACKUP);
        r.lsyncdRunning = false;
        r.replication = Replication.RUNNING;
        r.spaces.put(1L, new Space(true, true));
        switch (fault) {
            case VIP_ON_BOTH -> {
                r.vip = true;
                enter(r, KeepalivedState.MASTER);
            }
            case VIP_ON_NONE -> {
                for (Node n : nodes.values()) {
                    n.vip = false;
                    n.keepalivedRunning = false;
                    enter(n, KeepalivedState.STOP);
                }
            }
            case LSYNCD_ON_BOTH -> {
                r.lsyncdRunning = true;
                lsyncdLine(r, "Normal: --- Startup, daemonizing ---");
            }
            case LABELS_INCONSISTENT -> r.masterServiceLabel = "";
            case REPLICATION_BROKEN -> {
                r.replication = Replication.ERROR;
                r.replicationError = DUPLICATE_KEY_ERROR;
            }
            case REPLICATION_LAGGING -> r.lagUntil = clock.instant().plus(settleTime);
            case KEEPALIVED_STOPPED_ON_RESERVE -> {
                r.keepalivedRunning = false;
                enter(r, KeepalivedState.STOP);
            }
            case REPLICATION_BREAKS_ON_UPDATE -> updateBreaksReplication = true;
            case PRIMARY_DOWN -> {
                p.vip = false;
                p.keepalivedRunning = false;
                p.lsyncdRunning = false;
                r.vip = true;
                enter(r, KeepalivedState.MASTER);
                r.lsyncdRunning = true;
                lsyncdLine(r, "Normal: --- Startup, daemonizing ---");
                r.masterServiceLabel = ROLE_RESERVE;
                r.replication = Replication.CONNECTING;
                p.down = true;
            }
            case AFTER_PRIMARY_FAILURE -> {
                p.vip = false;
                enter(p, KeepalivedState.FAULT);
                enter(p, KeepalivedState.BACKUP);
                p.lsyncdRunning = false;
                p.pendingChanges = true;
                r.vip = true;
                enter(r, KeepalivedState.MASTER);
                r.lsyncdRunning = true;
                lsyncdLine(r, "Normal: --- Startup, daemonizing ---");
                r.replication = Replication.STOPPED;
                r.spaces.get(1L).replicating = false;
                p.masterServiceLabel = ROLE_RESERVE;
                r.masterServiceLabel = ROLE_RESERVE;
            }
            default -> {
            }
        }
        lastInjectedFault = fault;
    }

    /** Takes the primary down (as if it crashed) or brings it back, without touching anything else. */
    public synchronized void setDown(String host, boolean down) {
        require(host).down = down;
    }

    @Override
    public synchronized State state() {
        List<String> holders = nodes.values().stream().filter(n -> n.vip).map(n -> n.name).toList();
        return new State(lastInjectedFault, vip, holders, holders.size() == 1 ? holders.get(0) : null,
                nodes.values().stream().map(this::snapshot).toList());
    }

    public synchronized NodeState node(String host) {
        return snapshot(require(host));
    }

    /** Command lines the server received, oldest first. */
    public synchronized List<String> commandLines(String host) {
        return require(host).history.stream().map(CommandRecord::command).toList();
    }

    private NodeState snapshot(Node n) {
        Map<String, List<String>> dirs = new TreeMap<>();
        n.backupDirs.forEach((d, files) -> dirs.put(d, List.copyOf(files)));
        return new NodeState(n.name, n.address, n.role, !n.down, n.vip, n.keepalivedRunning, n.keepalived,
                n.lsyncdRunning, n.replication, lag(n), n.replicationError, n.serviceLabel, n.masterServiceLabel,
                n.installerVersion, n.deployedVersion, n.updates,
                n.spaces.entrySet().stream().map(e -> new SpaceState(e.getKey(), e.getValue().replicating,
                        e.getValue().repaired)).toList(),
                dirs, List.copyOf(n.backups), n.refusedStarts, List.copyOf(n.keepalivedLog), List.copyOf(n.history));
    }

    private Node require(String host) {
        Node node = nodes.get(host);
        if (node == null) {
            throw new IllegalArgumentException("host '" + host + "' is not a server of this simulation (servers: "
                    + nodes.keySet() + ")");
        }
        return node;
    }

    private Node peer(Node self) {
        return nodes.values().stream().filter(n -> n != self).findFirst().orElseThrow();
    }
}
