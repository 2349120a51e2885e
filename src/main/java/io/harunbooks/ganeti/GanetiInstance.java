package io.harunbooks.ganeti;

/**
 * One line of {@code gnt-instance list -o name,pnode,snodes,status}.
 *
 * @param secondary the secondary node (DRBD peer), null for {@code -}
 * @param status    Ganeti's status text ({@code running}, {@code ADMIN_down}, {@code ERROR_nodedown}, …)
 */
public record GanetiInstance(String name, String primary, String secondary, String status) {

    public boolean running() {
        return "running".equals(status);
    }
}
