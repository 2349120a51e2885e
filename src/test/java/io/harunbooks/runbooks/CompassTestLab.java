package io.harunbooks.runbooks;

import io.harunbooks.lab.LabSystem;
import io.harunbooks.lab.compass.CompassSimulation;
import io.harunbooks.support.ProcessTestEngine;
import io.harunbooks.support.ScriptedSimulation;

import java.util.List;

/**
 * The process-test engine on the Compass lab pair (seed 000): hosts {@value CompassSimulation#PRIMARY} (role primary)
 * and {@value CompassSimulation#RESERVE} (role reserve) answered by {@link CompassSimulation}, with a
 * {@link ScriptedSimulation} in front for sequences the simulation does not reach by itself.
 */
final class CompassTestLab {

    static final String PRIMARY = CompassSimulation.PRIMARY;
    static final String RESERVE = CompassSimulation.RESERVE;

    final ProcessTestEngine pt;
    final ScriptedSimulation scripted;
    final CompassSimulation compass;

    private CompassTestLab(ProcessTestEngine pt) {
        this.pt = pt;
        this.scripted = (ScriptedSimulation) pt.simulation;
        this.compass = (CompassSimulation) scripted.simulation();
    }

    static CompassTestLab create() {
        return new CompassTestLab(new ProcessTestEngine(clock -> {
            LabSystem lab = CompassSimulation.labSystem(clock, CompassSimulation.DEFAULT_SETTLE_TIME);
            return new LabSystem(lab.cluster(), lab.system(), lab.hosts(), lab.roles(),
                    new ScriptedSimulation(lab.simulation()));
        }, List.of()));
    }

    /** An installer script as the runbooks send it: {@code cd /opt/compass-installer && <command>}. */
    static String installer(String command) {
        return CompassSimulation.inInstaller(command);
    }

    /** Every command of the run so far as {@code host: command}, in the order they ran. */
    List<String> sequence() {
        synchronized (pt.commands) {
            return pt.commands.stream().map(c -> c.host() + ": " + c.command()).toList();
        }
    }

    /** Makes the reserve the active server, as the seed's switch does, and starts replication on the primary. */
    void switchToReserve() {
        compass.execute(PRIMARY, CompassSimulation.RESTART_KEEPALIVED, () -> "");
        compass.execute(PRIMARY, installer(CompassSimulation.START_REPLICATION), () -> "");
    }
}
