package io.harunbooks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Two real MariaDB servers (Debian's {@code mariadbd}) replicating with GTID, on 127.0.0.1 and two free ports, in a
 * temporary directory: the system MariaDB on 3306 is never touched. Root is only reachable through each instance's
 * unix socket (no skip-grant-tables); over TCP there are the users {@code repl} (replication) and {@code runbooks}
 * (what the application connects as), both with a password. About 3-6 s from nothing to a synced pair.
 *
 * <p>Faults, each leaving a real state the replica reports: {@link #duplicateKeyError()}, {@link #stopPrimary()},
 * {@link #lagWithStoppedSqlThread()}, {@link #lagWithMasterDelay()}; {@link #heal()} undoes any of them and waits
 * until the replica has caught up.
 */
public final class MariaDbPair implements AutoCloseable {

    public static final String RUNBOOKS_USER = "runbooks";
    public static final String TABLE = "rb.t";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path dir;
    private final String replPassword = "repl-" + Long.toHexString(System.nanoTime());
    private final String runbooksPassword = "Rb-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    private final Instance primary;
    private final Instance replica;
    private final List<Integer> conflicts = new ArrayList<>();
    private int nextId = 1;

    private MariaDbPair(Path dir, Instance primary, Instance replica) {
        this.dir = dir;
        this.primary = primary;
        this.replica = replica;
    }

    /** Installs, starts and connects the pair, and waits until the replica has caught up. */
    public static MariaDbPair start() {
        String mariadbd = binary("/usr/sbin/mariadbd");
        String installDb = binary("/usr/bin/mariadb-install-db");
        binary("/usr/bin/mariadb");
        try {
            Path dir = Files.createTempDirectory("mariadb-pair-");
            MariaDbPair pair = new MariaDbPair(dir, new Instance(dir, "primary", 1, freePort()),
                    new Instance(dir, "replica", 2, freePort()));
            try {
                pair.primary.install(installDb);
                pair.replica.install(installDb);
                pair.primary.start(mariadbd);
                pair.replica.start(mariadbd);
                pair.primary.awaitReady();
                pair.replica.awaitReady();
                pair.setUp();
                return pair;
            } catch (RuntimeException | Error e) {
                pair.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String binary(String path) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(path + " is missing: this test needs Debian's mariadb-server "
                    + "(mariadbd, mariadb-install-db, mariadb); .ci/run installs it (apt-get install mariadb-server)");
        }
        return path;
    }

    private void setUp() {
        String users = """
                SET sql_log_bin=0;
                CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY '%s';
                GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';
                CREATE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s';
                GRANT SELECT, REPLICATION CLIENT, SLAVE MONITOR ON *.* TO '%s'@'127.0.0.1';
                """.formatted(replPassword, RUNBOOKS_USER, runbooksPassword, RUNBOOKS_USER);
        primary.sql(users);
        replica.sql(users);
        primary.sql("CREATE DATABASE rb; CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, v VARCHAR(40));");
        replica.sql(changeMaster(0) + "START SLAVE;");
        catchUp();
    }

    private String changeMaster(int delaySeconds) {
        return "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port + ", MASTER_USER='repl', "
                + "MASTER_PASSWORD='" + replPassword + "', MASTER_CONNECT_RETRY=1, MASTER_DELAY=" + delaySeconds
                + ", MASTER_USE_GTID=slave_pos;";
    }

    // ---- accessors -------------------------------------------------------------------------------------------

    public String primaryUrl() {
        return "jdbc:mariadb://127.0.0.1:" + primary.port + "/";
    }

    public String replicaUrl() {
        return "jdbc:mariadb://127.0.0.1:" + replica.port + "/";
    }

    public int primaryPort() {
        return primary.port;
    }

    public int replicaPort() {
        return replica.port;
    }

    /** The user the application connects as (SELECT, REPLICATION CLIENT, SLAVE MONITOR). */
    public String user() {
        return RUNBOOKS_USER;
    }

    public String password() {
        return runbooksPassword;
    }

    public Path dir() {
        return dir;
    }

    /** {@code SHOW SLAVE STATUS\G} on the replica, as the {@code mariadb} client prints it (the fixtures' form). */
    public String replicaStatusVertical() {
        return replica.client("SHOW SLAVE STATUS\\G");
    }

    /** A value of the replica's status row, as the client prints it. */
    public String replicaStatusField(String field) {
        for (String line : replicaStatusVertical().split("\n")) {
            String t = line.strip();
            if (t.startsWith(field + ":")) {
                return t.substring(field.length() + 1).strip();
            }
        }
        return null;
    }

    /** Runs SQL as root on the primary. */
    public String onPrimary(String sql) {
        return primary.sql(sql);
    }

    /** Runs SQL as root on the replica. */
    public String onReplica(String sql) {
        return replica.sql(sql);
    }

    // ---- faults ----------------------------------------------------------------------------------------------

    /** A row written on the primary, replicated. */
    public void write() {
        primary.sql("INSERT INTO " + TABLE + " VALUES (" + nextId++ + ", 'primary');");
    }

    /**
     * A row inserted on the replica only, then the same key on the primary: the SQL thread stops with 1062.
     */
    public void duplicateKeyError() {
        int id = nextId++;
        conflicts.add(id);
        replica.sql("SET sql_log_bin=0; INSERT INTO " + TABLE + " VALUES (" + id + ", 'replica only');");
        primary.sql("INSERT INTO " + TABLE + " VALUES (" + id + ", 'primary');");
        await("SQL thread stopped with 1062", s -> "1062".equals(field(s, "Last_SQL_Errno"))
                && "No".equals(field(s, "Slave_SQL_Running")));
    }

    /** SIGTERM to the primary: the replica's IO thread goes to Connecting. */
    public void stopPrimary() {
        primary.stop();
        await("IO thread Connecting", s -> "Connecting".equals(field(s, "Slave_IO_Running"))
                && !"0".equals(field(s, "Last_IO_Errno")));
    }

    /** STOP SLAVE SQL_THREAD, then a write on the primary the IO thread receives but nobody applies. */
    public void lagWithStoppedSqlThread() {
        replica.sql("STOP SLAVE SQL_THREAD;");
        write();
        String pos = primary.sql("SELECT @@gtid_binlog_pos;").strip();
        await("IO thread received " + pos, s -> "No".equals(field(s, "Slave_SQL_Running"))
                && pos.equals(field(s, "Gtid_IO_Pos")));
    }

    /**
     * Real positive lag with both threads running: {@code MASTER_DELAY=3600} on the replica, then a write on the
     * primary whose binlog timestamp is 600 s in the past ({@code SET timestamp}); the replica holds it back and
     * reports {@code Seconds_Behind_Master} of about 600.
     */
    public void lagWithMasterDelay() {
        replica.sql("STOP SLAVE; " + changeMaster(3600) + " START SLAVE;");
        primary.sql("SET timestamp = UNIX_TIMESTAMP() - 600; INSERT INTO " + TABLE + " VALUES (" + nextId++
                + ", 'old');");
        await("Seconds_Behind_Master > 0", s -> {
            String sbm = field(s, "Seconds_Behind_Master");
            return sbm != null && sbm.matches("\\d+") && Long.parseLong(sbm) > 0;
        });
    }

    /** Undoes every fault: primary running, conflicting rows removed on the replica, no delay, both threads started. */
    public void heal() {
        if (!primary.running()) {
            primary.start(binary("/usr/sbin/mariadbd"));
            primary.awaitReady();
        }
        StringBuilder sql = new StringBuilder("STOP SLAVE; SET sql_log_bin=0;");
        for (int id : conflicts) {
            sql.append(" DELETE FROM ").append(TABLE).append(" WHERE id = ").append(id).append(" AND v = 'replica only';");
        }
        conflicts.clear();
        sql.append(' ').append(changeMaster(0)).append(" START SLAVE;");
        replica.sql(sql.toString());
        catchUp();
    }

    /** Waits until the replica has applied everything the primary logged and reports 0 seconds behind. */
    public void catchUp() {
        String pos = primary.sql("SELECT @@gtid_binlog_pos;").strip();
        String reached = replica.sql("SELECT MASTER_GTID_WAIT('" + pos + "', " + WAIT.toSeconds() + ");").strip();
        if (!"0".equals(reached)) {
            throw new IllegalStateException("replica did not reach the primary's GTID position " + pos + " within "
                    + WAIT + ":\n" + replicaStatusVertical());
        }
        await("caught up", s -> "Yes".equals(field(s, "Slave_IO_Running")) && "Yes".equals(field(s, "Slave_SQL_Running"))
                && "0".equals(field(s, "Seconds_Behind_Master")));
    }

    private void await(String what, Predicate<String> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = replicaStatusVertical();
            if (condition.test(status)) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("replica not " + what + " within " + WAIT + ":\n" + status);
    }

    private static String field(String vertical, String name) {
        for (String line : vertical.split("\n")) {
            String t = line.strip();
            if (t.startsWith(name + ":")) {
                return t.substring(name.length() + 1).strip();
            }
        }
        return null;
    }

    @Override
    public void close() {
        replica.stop();
        primary.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is in the temp dir
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One mariadbd with its own defaults file, datadir, socket, pid file and error log. */
    private static final class Instance {

        final String name;
        final int port;
        final Path cnf;
        final Path datadir;
        final Path socket;
        final Path pidFile;
        final Path errorLog;
        Process process;

        Instance(Path dir, String name, int serverId, int port) throws IOException {
            this.name = name;
            this.port = port;
            this.datadir = Files.createDirectories(dir.resolve(name));
            this.socket = dir.resolve(name + ".sock");
            this.pidFile = dir.resolve(name + ".pid");
            this.errorLog = dir.resolve(name + ".err");
            this.cnf = Files.writeString(dir.resolve(name + ".cnf"), """
                    [mariadbd]
                    datadir=%s
                    port=%d
                    bind-address=127.0.0.1
                    socket=%s
                    pid-file=%s
                    log_error=%s
                    server_id=%d
                    log_bin=%s-bin
                    relay_log=%s-relay-bin
                    gtid_domain_id=0
                    binlog_format=ROW
                    skip-name-resolve
                    innodb_buffer_pool_size=16M
                    innodb_log_file_size=8M
                    performance_schema=OFF
                    """.formatted(datadir, port, socket, pidFile, errorLog, serverId, name, name));
        }

        void install(String installDb) {
            run(List.of(installDb, "--defaults-file=" + cnf, "--auth-root-authentication-method=socket",
                    "--skip-test-db", "--user=" + System.getProperty("user.name")), Duration.ofSeconds(60));
        }

        void start(String mariadbd) {
            List<String> cmd = new ArrayList<>(List.of(mariadbd, "--defaults-file=" + cnf));
            if ("root".equals(System.getProperty("user.name"))) {
                cmd.add("--user=root");
            }
            try {
                process = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(datadir.resolveSibling(name + ".out").toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean running() {
            return process != null && process.isAlive();
        }

        void awaitReady() {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!running()) {
                    throw new IllegalStateException("mariadbd " + name + " exited: " + tail(errorLog));
                }
                if (Files.exists(socket) && ping()) {
                    return;
                }
                sleep(100);
            }
            throw new IllegalStateException("mariadbd " + name + " not ready within " + WAIT + ": " + tail(errorLog));
        }

        private boolean ping() {
            try {
                sql("SELECT 1;");
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        }

        /** SIGTERM to the pid in the pid file, then wait for the exit. */
        void stop() {
            if (!running()) {
                return;
            }
            long pid = process.pid();
            try {
                if (Files.exists(pidFile)) {
                    pid = Long.parseLong(Files.readString(pidFile).strip());
                }
            } catch (IOException | NumberFormatException e) {
                // the process handle's pid is the same process
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Batch SQL as root over the unix socket; tab-separated output without column names. */
        String sql(String sql) {
            return run(List.of("/usr/bin/mariadb", "--socket=" + socket, "-uroot", "--batch", "--skip-column-names",
                    "--connect-timeout=2", "-e", sql), Duration.ofSeconds(60));
        }

        /** A statement as the interactive client prints it (e.g. {@code \G} vertical output). */
        String client(String statement) {
            return run(List.of("/usr/bin/mariadb", "--socket=" + socket, "-uroot", "--connect-timeout=2", "-e",
                    statement), Duration.ofSeconds(60));
        }

        private static String run(List<String> cmd, Duration timeout) {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", cmd.subList(0, 1)) + " timed out");
                }
                String text = new String(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(cmd.get(0) + " exited " + p.exitValue() + ": " + text.strip());
                }
                return text;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            } catch (IOException e) {
                return "(no error log " + log + ")";
            }
        }
    }
}
