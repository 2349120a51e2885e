/**
 * Audit: the append-only command journal (what ran where, with which result, approved by whom) and the recording
 * of human decisions.
 */
package io.harunbooks.audit;
