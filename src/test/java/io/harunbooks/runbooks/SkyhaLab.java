package io.harunbooks.runbooks;

import io.harunbooks.lab.LabSystem;
import io.harunbooks.lab.skyha.SkyhaSimulation;
import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The skyha lab pair for process tests (skyha1 master, skyha2 slave; resync and failover take 20 s). */
final class SkyhaLab {

    static final Duration SETTLE = Duration.ofSeconds(20);

    private SkyhaLab() {
    }

    static LabSystem system(Clock clock) {
        return new LabSystem("skyha-lab", "skyha", new TreeMap<>(Map.of("skyha1", "127.0.10.31", "skyha2",
                "127.0.10.32")), Map.of("skyha1", List.of("master", "skyha-node"), "skyha2", List.of("slave", "skyha-node")),
                new SkyhaSimulation("skyha1", "skyha2", clock, SETTLE));
    }

    static SkyhaSimulation sim(ProcessTestEngine pt) {
        return (SkyhaSimulation) pt.simulation;
    }

    /** Executes the run's jobs one by one until the next one is {@code activityId}'s (not executed). */
    static void runUntil(ProcessTestEngine pt, ProcessInstance pi, String activityId) {
        ManagementService m = pt.engine.getManagementService();
        for (int i = 0; i < 200; i++) {
            if (m.createJobQuery().processInstanceId(pi.getId()).activityId(activityId).count() > 0) {
                return;
            }
            Job next = m.createJobQuery().processInstanceId(pi.getId()).executable().list().stream().findFirst()
                    .orElseThrow(() -> new AssertionError("no job before " + activityId));
            m.executeJob(next.getId());
        }
        throw new AssertionError("never reached " + activityId);
    }

    /** The run's variable. */
    static Object var(ProcessTestEngine pt, ProcessInstance pi, String name) {
        return pt.engine.getRuntimeService().getVariable(pi.getId(), name);
    }

    static String procDrbd(String cs, String ro, String ds) {
        return "version: 8.4.7-1 (api:1/proto:86-101)\n 1: cs:" + cs + " ro:" + ro + " ds:" + ds + " C r-----\n"
                + "    ns:0 nr:0 dw:26412 dr:38552 al:4 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:75096\n";
    }

    static void assertNoIncident(ProcessTestEngine pt) {
        assertThat(pt.engine.getRuntimeService().createIncidentQuery().list()).extracting("incidentMessage")
                .isEmpty();
    }
}
