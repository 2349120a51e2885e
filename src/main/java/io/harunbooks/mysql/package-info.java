/**
 * MySQL/MariaDB replication: the typed state of a replica ({@link io.harunbooks.mysql.ReplicaStatus}) read from
 * {@code SHOW REPLICA STATUS} / {@code SHOW SLAVE STATUS}, its pure parser (rows and the client's vertical
 * {@code \G} text), and the named query {@code replica-status} SQL steps run.
 */
package io.harunbooks.mysql;
