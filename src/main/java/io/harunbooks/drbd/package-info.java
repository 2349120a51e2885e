/**
 * DRBD replication state, shared by every system that mirrors disks with DRBD (seed 004 skyha, seed 002 Ganeti):
 * {@link io.harunbooks.drbd.DrbdState} (per resource or minor: connection state, local/peer role, local/peer disk
 * state, sync percentage) read by the parsers {@code proc-drbd} ({@code cat /proc/drbd}, DRBD 8.x) and
 * {@code drbdadm-status} ({@code drbdadm status}, DRBD 9.x), and {@link io.harunbooks.drbd.DrbdGuard}, the pure rules
 * that decide whether a destructive drbdadm action may be sent.
 */
package io.harunbooks.drbd;
