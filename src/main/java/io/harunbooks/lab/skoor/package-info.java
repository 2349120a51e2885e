/**
 * The lab's SKOOR (eRanger) primary/standby pair of seed 003: {@code eRanger.sh status},
 * {@code eranger-server-replication.pl switch | -f switch | createslave} and the service stops of the failback,
 * with state and faults.
 */
package io.harunbooks.lab.skoor;
