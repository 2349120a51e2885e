/**
 * Alerts: webhook intake from Alertmanager, Zabbix and check_mk/Nagios (bearer token per source), normalisation,
 * routing rules to runbooks, de-duplication, one run per cluster, anti-flap, resolved alerts attached to their run,
 * and the record of every alert and what became of it.
 */
package io.harunbooks.alerts;
