package io.harunbooks.compass;

/**
 * {@code systemctl status keepalived} / {@code systemctl status lsyncd} on one server.
 *
 * @param unit       the unit name from the first line ({@code keepalived.service}), or the one not found
 * @param state      the {@code Active:} state
 * @param activeLine the {@code Active:} line as printed, empty when the unit was not found
 */
public record ServiceStatus(String unit, UnitState state, String activeLine) {

    /** {@code active (running)}. */
    public boolean running() {
        return state == UnitState.ACTIVE_RUNNING;
    }
}
