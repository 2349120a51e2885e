package io.harunbooks.compass;

/** The {@code Active:} line of {@code systemctl status <unit>}. */
public enum UnitState {
    /** {@code active (running)}: the seed's «всё в порядке». */
    ACTIVE_RUNNING,
    /** {@code active} with another sub-state, e.g. {@code active (exited)}. */
    ACTIVE_OTHER,
    INACTIVE,
    FAILED,
    ACTIVATING,
    DEACTIVATING,
    /** systemd does not know the unit («Unit lsyncd.service could not be found.»). */
    NOT_FOUND
}
