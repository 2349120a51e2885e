package io.harunbooks.skoor;

import java.util.List;

/**
 * The parsed output of {@code /opt/eranger/bin/eranger-server-replication.pl switch}, {@code -f switch} or
 * {@code createslave}.
 *
 * @param outcome     what the script did
 * @param local       address of the node the script ran on ({@code localhost (<address>) is …}), null if not printed
 * @param localRole   {@code master} or {@code slave} as the script saw the local node before acting, null if not printed
 * @param peer        address of the other node, null if not printed
 * @param peerUp      the script saw the other node up ({@code … is up})
 * @param newMaster   the node the script converts to master ({@code localhost} resolved to its address), null if none
 * @param promptShown the script printed {@code press ENTER to continue, Ctrl-C to abort >}
 * @param slaveCopied the database was copied to the slave ({@code copied file to /var/lib/pgsql/data/})
 * @param errors      lines reporting an error, in order
 */
public record ReplicationRun(Outcome outcome, String local, String localRole, String peer, boolean peerUp,
                             String newMaster, boolean promptShown, boolean slaveCopied, List<String> errors) {

    public enum Outcome {
        /** {@code <address> from slave to master}: the switch ran through. */
        SWITCHED,
        /** The database was copied to the slave without a switch ({@code createslave}). */
        SLAVE_CREATED,
        /** The script stopped at its ENTER prompt (nothing changed). */
        WAITING_FOR_ENTER,
        /** The script printed an error. */
        FAILED,
        /** None of the above. */
        UNKNOWN
    }

    public String outcomeName() {
        return outcome.name();
    }

    public boolean switched() {
        return outcome == Outcome.SWITCHED;
    }

    public boolean slaveCreated() {
        return outcome == Outcome.SLAVE_CREATED;
    }

    public String errorText() {
        return String.join("\n", errors);
    }
}
