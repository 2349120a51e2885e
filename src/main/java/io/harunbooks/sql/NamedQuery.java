package io.harunbooks.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A read-only query a model may run by name (input parameter {@code query}); models never carry SQL text.
 *
 * @param <T> the typed result handed to the model as {@code result}
 */
public interface NamedQuery<T> {

    /** The name models use, e.g. {@code replica-status}. */
    String name();

    /** The statement as journaled when the query could not run (e.g. {@code SHOW REPLICA STATUS}). */
    String statement();

    /** The result a step hands on when the inventory names no such database and the step says {@code ifMissing=skip}. */
    T skipped();

    /** Runs on an open connection; {@code timeout} is the statement's query timeout. */
    Outcome<T> run(Connection connection, Duration timeout) throws SQLException;

    /** What was run (the server-specific variant of the statement) and the typed result. */
    record Outcome<T>(String statement, T value, String summary) {
    }
}
