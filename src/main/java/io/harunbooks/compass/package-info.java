/**
 * Compass on-premise primary/reserve pair (seed 000: keepalived VIP, lsyncd, MySQL replication through the installer's
 * scripts): parsers of its tools' output into typed states ({@code check_current_master_server.py},
 * {@code show_slave_replication_status.py}, {@code ip a | grep <VIP>}, {@code /var/log/keepalived-state.log},
 * {@code systemctl status keepalived|lsyncd}, {@code grep service_label src/values.compass.yaml},
 * {@code create_team.py}).
 */
package io.harunbooks.compass;
