/**
 * SKOOR (eRanger) server primary/standby replication (seed 003): parsers of {@code eRanger.sh status} (which node is
 * primary, standby, stopped or broken) and of {@code eranger-server-replication.pl switch | -f switch | createslave}
 * (switched, slave created, waiting at the ENTER prompt, failed).
 */
package io.harunbooks.skoor;
