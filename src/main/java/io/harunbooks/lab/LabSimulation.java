package io.harunbooks.lab;

import java.util.List;
import java.util.function.Supplier;

/**
 * The behaviour of one simulated system of the lab (the messenger controllers and services, a Compass
 * primary/reserve pair, a SKOOR primary/standby pair, …): what its hosts answer to commands, the faults that can be
 * injected, and a snapshot of its state for {@code GET /api/lab/clusters/{cluster}}. Implementations are
 * thread-safe: the SSH hosts call {@link #execute} from their own threads.
 */
public interface LabSimulation {

    /**
     * Runs one command line on one of the simulation's hosts, as {@code sh -c} would.
     *
     * @param host        the host's inventory name
     * @param commandLine the command line, trimmed
     * @param stdin       what the client sent on standard input before closing it; only commands that read their
     *                    input call it (it waits for the client to close the stream)
     * @throws IllegalArgumentException if the host is not one of this simulation's
     */
    LabAnswer execute(String host, String commandLine, Supplier<String> stdin);

    /** The faults {@link #inject} accepts; the first puts the system back to healthy. */
    List<String> faults();

    /**
     * Puts the system into the state of a fault (every fault starts from healthy).
     *
     * @throws IllegalArgumentException for an unknown fault, naming the valid ones
     */
    void inject(String fault);

    /** A snapshot of the system's state, rendered as JSON by the lab's REST API. */
    Object state();
}
