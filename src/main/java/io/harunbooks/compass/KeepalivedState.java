package io.harunbooks.compass;

/** A VRRP state keepalived reports (its notify script writes it to {@code /var/log/keepalived-state.log}). */
public enum KeepalivedState { MASTER, BACKUP, FAULT, STOP, UNKNOWN }
