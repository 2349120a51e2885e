/**
 * Simulation of a Compass on-premise primary/reserve pair (seed 000): keepalived and its VIP, lsyncd, MySQL
 * replication driven by the installer's scripts, labels in {@code src/values.compass.yaml}, spaces (teams) and their
 * backups; answers the seed's command lines verbatim. Faults: {@link io.harunbooks.lab.compass.CompassSimulation#FAULTS}.
 */
package io.harunbooks.lab.compass;
