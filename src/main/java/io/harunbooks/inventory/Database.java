package io.harunbooks.inventory;

/**
 * A database of a cluster, as the inventory names it: where runbook SQL steps connect to.
 *
 * @param name        name used in runbooks (input parameter {@code database}), unique in the cluster
 * @param host        the inventory host this database runs on
 * @param url         JDBC URL ({@code jdbc:mariadb:}, {@code jdbc:mysql:} or {@code jdbc:postgresql:})
 * @param user        database user
 * @param passwordRef where the password comes from: {@code env:NAME}, {@code file:/path} or {@code none};
 *                    never the password itself (resolved only when a connection is opened)
 */
public record Database(String name, String host, String url, String user, String passwordRef) {

    public static final String ENV = "env:";
    public static final String FILE = "file:";
    public static final String NONE = "none";

    @Override
    public String toString() {
        return name + " (" + user + " @ " + url + " on " + host + ")";
    }
}
