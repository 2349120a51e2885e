package io.harunbooks.runbooks;

import io.harunbooks.lab.LabSystem;
import io.harunbooks.lab.ganeti.GanetiSimulation;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The lab cluster {@code ganeti-lab} for the Ganeti process tests: gnt1 installed master, gnt2 master candidate. */
final class GanetiLab {

    static final String GNT1 = "gnt1";
    static final String GNT2 = "gnt2";

    private GanetiLab() {
    }

    static LabSystem cluster(Clock clock) {
        return new LabSystem("ganeti-lab", "ganeti", new TreeMap<>(Map.of(GNT1, "127.0.10.41", GNT2, "127.0.10.42")),
                Map.of(GNT1, List.of("master"), GNT2, List.of("master-candidate")),
                new GanetiSimulation(GNT1, GNT2, clock));
    }

    static GanetiSimulation sim(ProcessTestEngine pt) {
        return (GanetiSimulation) pt.simulation;
    }

    static Object var(ProcessTestEngine pt, ProcessInstance pi, String name) {
        return pt.engine.getRuntimeService().getVariable(pi.getId(), name);
    }

    static GanetiSimulation.InstanceState instance(ProcessTestEngine pt, String name) {
        return sim(pt).state().instances().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    static GanetiSimulation.NodeState node(ProcessTestEngine pt, String name) {
        return sim(pt).state().nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }
}
