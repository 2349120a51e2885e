/**
 * Messenger and video-conferencing cluster (seed 001): parsers of its tools' output into typed states
 * ({@code ipros_cluster_show}, check_mk local checks such as {@code ctlr_topo_check}).
 */
package io.harunbooks.messenger;
