package io.harunbooks.runbooks;

import io.harunbooks.lab.compass.CompassSimulation;

import java.time.Duration;

/** The command lines the Compass runbooks send with their default variables, for the process tests. */
final class CompassCommands {

    static final String PRIMARY = CompassSimulation.PRIMARY;
    static final String RESERVE = CompassSimulation.RESERVE;
    /** The lab's lag settles in 45 s: synced at the third check, 30 s apart. */
    static final Duration SETTLE = Duration.ofSeconds(45);

    static final String SHOW = CompassSimulation.inInstaller(CompassSimulation.SHOW_REPLICATION);
    static final String RESET = CompassSimulation.inInstaller(CompassSimulation.RESET_REPLICATION);
    static final String START = CompassSimulation.inInstaller(CompassSimulation.START_REPLICATION);
    static final String CHECK_MASTER = CompassSimulation.inInstaller(CompassSimulation.CHECK_MASTER);
    static final String LABELS = CompassSimulation.inInstaller(CompassSimulation.GREP_LABELS);
    static final String VIP_A = "ip a | grep 10.32.88.100";
    static final String VIP_ADDR = "ip addr show | grep 10.32.88.100";
    static final String RESTART = CompassSimulation.RESTART_KEEPALIVED;
    static final String KEEPALIVED_LOG = CompassSimulation.KEEPALIVED_LOG;
    static final String LSYNCD_LOG = CompassSimulation.LSYNCD_LOG;
    static final String LSYNCD_STATUS = CompassSimulation.STATUS_LSYNCD;

    private CompassCommands() {
    }
}
