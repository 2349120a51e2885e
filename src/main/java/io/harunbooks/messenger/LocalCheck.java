package io.harunbooks.messenger;

/**
 * A check_mk local check line: {@code <status> <service> <perfdata> <text>}, e.g.
 * {@code 0 ctlr_topo_check - ctlr topology is OK}. Status 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN.
 */
public record LocalCheck(int status, String service, String perfdata, String text) {

    public boolean ok() {
        return status == 0;
    }
}
