package io.harunbooks.sql;

import java.sql.SQLException;

/**
 * A query could not run (connect refused, timeout, authentication, SQL error): a technical failure, retried, then an
 * incident. The message names the database, its host and the cause; the password never appears in it.
 */
public class SqlQueryException extends RuntimeException {

    public SqlQueryException(String message) {
        super(message);
    }

    private SqlQueryException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code where: cause}, with the password masked; the driver's exception stays attached as the cause only when
     * its own messages do not contain the password (incidents store the whole stack trace).
     */
    static SqlQueryException of(String where, SQLException e, String password) {
        String reason = mask(describe(e), password);
        boolean causeClean = password == null || password.isEmpty() || !chainContains(e, password);
        return new SqlQueryException(where + ": " + reason, causeClean ? e : null);
    }

    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            s.append(" [SQLState ").append(sql.getSQLState()).append(", error ").append(sql.getErrorCode()).append(']');
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !s.toString().contains(root.getMessage())) {
            s.append(" (").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage()).append(')');
        }
        return s.toString();
    }

    static String mask(String text, String password) {
        return password == null || password.isEmpty() || text == null ? text : text.replace(password, "****");
    }

    private static boolean chainContains(Throwable e, String password) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (String.valueOf(c.getMessage()).contains(password) || String.valueOf(c).contains(password)) {
                return true;
            }
        }
        return false;
    }
}
