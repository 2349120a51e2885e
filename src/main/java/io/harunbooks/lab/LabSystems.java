package io.harunbooks.lab;

import io.harunbooks.lab.messenger.MessengerSimulation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated clusters the lab runs: the messenger controllers and services of seed 001 (cluster and hosts from
 * {@code runbooks.lab.*}), and the systems of the other seeds, each on loopback addresses of its own.
 */
public final class LabSystems {

    private LabSystems() {
    }

    /** Every lab cluster, the messenger one first. */
    public static List<LabSystem> all(LabProperties properties, Clock clock) {
        List<LabSystem> systems = new ArrayList<>();
        systems.add(messenger(properties, clock));
        systems.add(new LabSystem("skoor-lab", "skoor", new java.util.TreeMap<>(Map.of("skoor1", "127.0.10.21", "skoor2", "127.0.10.22")), Map.of("skoor1", List.of("primary"), "skoor2", List.of("standby")), new io.harunbooks.lab.skoor.SkoorSimulation("skoor1", "skoor2", clock)));
        systems.add(io.harunbooks.lab.compass.CompassSimulation.labSystem(clock, properties.settleTime()));
        systems.add(new LabSystem("skyha-lab", "skyha", new java.util.TreeMap<>(Map.of("skyha1", "127.0.10.31", "skyha2", "127.0.10.32")), Map.of("skyha1", List.of("master", "skyha-node"), "skyha2", List.of("slave", "skyha-node")), new io.harunbooks.lab.skyha.SkyhaSimulation("skyha1", "skyha2", clock, properties.settleTime())));
        systems.add(new LabSystem("ganeti-lab", "ganeti", new java.util.TreeMap<>(Map.of("gnt1", "127.0.10.41", "gnt2", "127.0.10.42")), Map.of("gnt1", List.of("master"), "gnt2", List.of("master-candidate")), new io.harunbooks.lab.ganeti.GanetiSimulation("gnt1", "gnt2", clock, properties.resyncTime())));
        return systems;
    }

    static LabSystem messenger(LabProperties properties, Clock clock) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        properties.hosts().keySet().forEach(h -> roles.put(h, List.of(LabCluster.ROLE, LabCluster.NODE_ROLE)));
        return new LabSystem(properties.cluster(), LabCluster.SYSTEM, properties.hosts(), roles,
                new MessengerSimulation(properties.hosts().keySet(), clock, properties.settleTime()));
    }
}
