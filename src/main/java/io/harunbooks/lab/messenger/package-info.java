/**
 * Simulation of a Messenger/VKS cluster: the controller pair (Ctlr: roles main/replica, the systemd unit, the data
 * directory and {@code im_deployer}) in {@link io.harunbooks.lab.messenger.MessengerSimulation}, and the messenger
 * services in {@link io.harunbooks.lab.messenger.MessengerServices} (KUST {@code cox}, Tarantool {@code badger},
 * MySQL under orchestrator, autoflip of {@code fate}); both answer the seed's command lines verbatim with the seed's
 * output formats. Faults: {@link io.harunbooks.lab.messenger.MessengerSimulation#FAULTS}.
 */
package io.harunbooks.lab.messenger;
