/**
 * Runs: the catalog of startable runbooks with their declared variables, starting a run on a cluster (one active
 * run per cluster), and the REST API over both.
 */
package io.harunbooks.runs;
