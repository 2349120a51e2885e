/**
 * The lab (Spring profile {@code lab}): simulated clusters the application reaches over real SSH. Each
 * {@link io.harunbooks.lab.SimulatedHost} is an embedded Apache MINA SSHD server on a loopback address that answers
 * like the real tools, through one stateful simulation per system ({@code lab.messenger}, …). {@link
 * io.harunbooks.lab.LabCluster} starts the hosts and writes the lab's client key, known_hosts and inventory before the
 * inventory is loaded; {@link io.harunbooks.lab.LabController} shows the state and injects faults. Process and
 * end-to-end tests use the same simulations, in-process or over SSH.
 */
package io.harunbooks.lab;
