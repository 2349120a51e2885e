/** The lab's simulated Ganeti two-node cluster with DRBD and RAID1 (seed 002), cluster {@code ganeti-lab}. */
package io.harunbooks.lab.ganeti;
