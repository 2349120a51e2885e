/**
 * SSH: the pooled sshj executor with strict host-key checking, command templates with checked and quoted values,
 * and the one delegate every SSH step of every runbook uses.
 */
package io.harunbooks.ssh;
