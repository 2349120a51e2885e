/**
 * SQL steps: the {@code sqlQuery} task type runs a named, read-only query against a database the inventory names for
 * the run's cluster ({@link io.harunbooks.sql.SqlQueryDelegate}); connections are opened per query with connect and
 * socket timeouts, the password resolved from its reference only then ({@link io.harunbooks.sql.ClusterDataSources}).
 */
package io.harunbooks.sql;
