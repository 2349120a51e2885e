/**
 * skyha (seed 004): Pacemaker + DRBD two-node hot standby. Parser of {@code /opt/skylar_ha/skyha show} (base info,
 * then crm_mon: nodes Online/standby/OFFLINE, Masters/Slaves of {@code drbd-cluster [skydata]}, the master-group
 * resources, node attributes {@code master-skydata} and {@code pgsql-data-status}). DRBD itself: io.harunbooks.drbd.
 */
package io.harunbooks.skyha;
