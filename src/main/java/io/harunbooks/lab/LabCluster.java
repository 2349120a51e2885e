package io.harunbooks.lab;

import io.harunbooks.inventory.InventoryPreparer;
import io.harunbooks.lab.messenger.MessengerSimulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab of the {@code lab} profile: simulated clusters ({@link LabSystems}), first the messenger controller pair
 * and its services (both hosts have the inventory roles {@code controller} and {@code node}), one
 * {@link SimulatedHost} per host, each answering through its cluster's {@link LabSimulation}. Before the inventory
 * is loaded it creates
 * the lab directory, the client key {@code id_lab}, starts the hosts and writes {@code known_hosts} and
 * {@code inventory.yaml} next to them, so the application reaches the lab exactly as it reaches real hosts: over
 * SSH, with strict host-key checking.
 */
@Component
@Profile("lab")
public class LabCluster implements InventoryPreparer, DisposableBean {

    public static final String SYSTEM = "messenger";
    public static final String INVENTORY_FILE = "inventory.yaml";
    public static final String KNOWN_HOSTS_FILE = "known_hosts";
    public static final String ROLE = "controller";
    /** The role of hosts where the services' cluster-wide tools run ({@code ic}, {@code orch_topo.sh}, …). */
    public static final String NODE_ROLE = "node";
    static final String USER = "root";

    private static final Logger log = LoggerFactory.getLogger(LabCluster.class);

    private final LabProperties properties;
    private final Path dir;
    private final List<LabSystem> systems;
    private final Map<String, SimulatedHost> hosts = new LinkedHashMap<>();
    private LabClientKey clientKey;

    @Autowired
    public LabCluster(LabProperties properties) {
        this(properties, Clock.systemDefaultZone());
    }

    /** @param clock evaluates {@code date} in the simulated commands */
    public LabCluster(LabProperties properties, Clock clock) {
        this.properties = properties;
        this.dir = properties.dir().toAbsolutePath().normalize();
        this.systems = List.copyOf(LabSystems.all(properties, clock));
    }

    /** Creates the client key, starts the hosts and writes known_hosts and inventory.yaml; safe to call again. */
    @Override
    public synchronized void prepareInventory() {
        try {
            Files.createDirectories(dir);
            clientKey = LabClientKey.loadOrCreate(dir);
            if (hosts.isEmpty()) {
                startHosts();
            }
            writeAtomically(knownHostsFile(), knownHosts());
            writeAtomically(inventoryFile(), inventoryYaml());
        } catch (IOException e) {
            stopHosts();
            throw new UncheckedIOException("Lab in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stopHosts();
            throw e;
        }
        log.info("Lab cluster {} ready: hosts {}, inventory {}", properties.cluster(), hosts.values(),
                inventoryFile());
    }

    private void startHosts() {
        for (LabSystem system : systems) {
            for (Map.Entry<String, String> e : system.hosts().entrySet()) {
                String name = e.getKey();
                if (hosts.containsKey(name)) {
                    throw new IllegalStateException("lab host name " + name + " is used twice");
                }
                LabSimulation simulation = system.simulation();
                SimulatedHost host = new SimulatedHost(name, e.getValue(), properties.port(),
                        dir.resolve("hostkeys").resolve(name + ".ser"), clientKey.publicKey(),
                        (commandLine, stdin) -> {
                            delay(commandLine);
                            return simulation.execute(name, commandLine, stdin);
                        });
                hosts.put(name, host);
                host.start();
            }
        }
    }

    /** Waits as configured in {@code runbooks.lab.delays} for this command line, if at all. */
    private void delay(String commandLine) {
        properties.delays().forEach((regex, delay) -> {
            if (commandLine.matches(regex)) {
                log.info("Lab: «{}» takes {} (runbooks.lab.delays)", commandLine, delay);
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    @Override
    public synchronized void destroy() {
        stopHosts();
    }

    private void stopHosts() {
        hosts.values().forEach(SimulatedHost::stop);
        hosts.clear();
    }

    /** The messenger simulation behind a lab cluster, empty for any other cluster name. */
    public Optional<MessengerSimulation> simulation(String cluster) {
        return simulation(cluster, MessengerSimulation.class);
    }

    /** The simulation of that type behind a lab cluster, empty for any other cluster name or type. */
    public <S extends LabSimulation> Optional<S> simulation(String cluster, Class<S> type) {
        return system(cluster).map(LabSystem::simulation).filter(type::isInstance).map(type::cast);
    }

    /** The lab cluster of that name. */
    public Optional<LabSystem> system(String cluster) {
        return systems.stream().filter(s -> s.cluster().equals(cluster)).findFirst();
    }

    /** Names of the lab's clusters. */
    public List<String> clusterNames() {
        return systems.stream().map(LabSystem::cluster).toList();
    }

    /** The running hosts by name (empty before {@link #prepareInventory()} and after {@link #destroy()}). */
    public synchronized Map<String, SimulatedHost> hosts() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    }

    public LabProperties properties() {
        return properties;
    }

    public Path dir() {
        return dir;
    }

    public Path inventoryFile() {
        return dir.resolve(INVENTORY_FILE);
    }

    public Path knownHostsFile() {
        return dir.resolve(KNOWN_HOSTS_FILE);
    }

    public Path clientKeyFile() {
        return dir.resolve(LabClientKey.FILE_NAME);
    }

    private String knownHosts() {
        List<String> lines = new ArrayList<>();
        hosts.values().forEach(h -> lines.add(h.knownHostsLine()));
        return String.join("\n", lines) + "\n";
    }

    /** In the format {@link io.harunbooks.inventory.InventoryLoader} reads; paths relative to the lab directory. */
    private String inventoryYaml() {
        StringBuilder y = new StringBuilder()
                .append("# Written by the lab (profile 'lab') on every start: simulated hosts on loopback addresses.\n")
                .append("knownHosts: ").append(KNOWN_HOSTS_FILE).append('\n')
                .append("clusters:\n");
        for (LabSystem system : systems) {
            y.append("  - name: ").append(system.cluster()).append('\n')
                    .append("    system: ").append(system.system()).append('\n')
                    .append("    hosts:\n");
            for (String name : system.hosts().keySet()) {
                SimulatedHost h = hosts.get(name);
                y.append("      - name: ").append(h.name()).append('\n')
                        .append("        address: ").append(h.address()).append('\n')
                        .append("        port: ").append(h.port()).append('\n')
                        .append("        user: ").append(USER).append('\n')
                        .append("        privateKey: ").append(LabClientKey.FILE_NAME).append('\n')
                        .append("        roles: [").append(String.join(", ", system.roles().get(name))).append("]\n");
            }
            List<LabProperties.LabDatabase> databases = properties.databases().getOrDefault(system.cluster(), List.of());
            if (!databases.isEmpty()) {
                y.append("    databases:\n");
                for (LabProperties.LabDatabase d : databases) {
                    y.append("      - name: ").append(d.name()).append('\n')
                            .append("        host: ").append(d.host()).append('\n')
                            .append("        url: \"").append(d.url()).append("\"\n")
                            .append("        user: ").append(d.user()).append('\n')
                            .append("        password: ").append(d.password() == null ? "none" : d.password())
                            .append('\n');
                }
            }
        }
        return y.toString();
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
