package io.harunbooks.bench;

import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.ssh.SshExecutor;
import io.harunbooks.ssh.SshProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The real OpenSSH servers bench/ssh-fanout/run.sh started, as its arguments describe them to the engine's side:
 * key file, known_hosts file, user, port, address prefix (e.g. 127.0.20.), host counts (e.g. 1,10,50), repetitions.
 * Host {@code i} is {@code h00i} at {@code <prefix>i}, role {@code node}, in cluster {@code bench}.
 */
record BenchHosts(Path key, Path knownHosts, String user, int port, String prefix, int[] counts, int reps) {

    static BenchHosts of(String[] args) {
        return new BenchHosts(Path.of(args[0]), Path.of(args[1]), args[2], Integer.parseInt(args[3]), args[4],
                Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray(), Integer.parseInt(args[6]));
    }

    /** The first {@code n} hosts. */
    List<Host> hosts(int n) {
        List<Host> hosts = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            hosts.add(new Host(String.format("h%03d", i), prefix + i, port, user, key, Set.of("node")));
        }
        return hosts;
    }

    /** An inventory of cluster {@code bench} with the first {@code n} hosts. */
    Inventory inventory(int n) {
        return new Inventory(Path.of("bench-inventory.yaml"), knownHosts,
                List.of(new Cluster("bench", "bench", hosts(n))));
    }

    /** A new SSH executor (no pooled connection yet) on {@code inventory}. */
    static SshExecutor ssh(Inventory inventory) {
        return new SshExecutor(new SshProperties(Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(15), 65536), inventory);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
