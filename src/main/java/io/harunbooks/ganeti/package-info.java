/**
 * Ganeti two-node clusters with DRBD (seed 002): typed states and parsers of {@code gnt-node list},
 * {@code gnt-instance list}, {@code gnt-cluster getmaster}, {@code /proc/mdstat}, {@code fdisk -l} and the kernel
 * log's DRBD split-brain lines, and the Java guard of {@code drbdsetup /dev/drbdN invalidate}.
 */
package io.harunbooks.ganeti;
