package io.harunbooks.drbd;

import java.io.Serializable;

/**
 * The state of one DRBD resource (or one volume/minor of it) as seen from one node.
 *
 * @param name        resource name ({@code drbdadm status}); null where only the minor is known (/proc/drbd 8.x)
 * @param minor       device minor ({@code /dev/drbd<minor>}); null where not shown
 * @param connection  connection (or replication) state towards the peer
 * @param localRole   this node's role
 * @param peerRole    the peer's role ({@link Role#UNKNOWN} when not connected)
 * @param localDisk   this node's disk state
 * @param peerDisk    the peer's disk state ({@link DiskState#D_UNKNOWN} when not connected)
 * @param syncPercent resynchronisation progress in percent while syncing ({@code sync'ed:} / {@code done:}), else null
 */
public record DrbdResource(String name, Integer minor, ConnectionState connection, Role localRole, Role peerRole,
                           DiskState localDisk, DiskState peerDisk, Double syncPercent) implements Serializable {

    /** The resource name, else {@code minor <n>}. */
    public String id() {
        return name != null ? name : "minor " + minor;
    }

    /** Connected (not syncing) and {@code UpToDate/UpToDate}. */
    public boolean healthy() {
        return (connection == ConnectionState.CONNECTED || connection == ConnectionState.ESTABLISHED)
                && localDisk == DiskState.UP_TO_DATE && peerDisk == DiskState.UP_TO_DATE;
    }

    /** {@code StandAlone} or waiting for the peer: the picture of a split-brain (or of a peer that is gone). */
    public boolean disconnected() {
        return !connection.isConnected();
    }

    /** One line in DRBD's own words, e.g. {@code minor 1: cs:Connected ro:Secondary/Primary ds:UpToDate/UpToDate}. */
    public String summary() {
        return id() + ": cs:" + connection.drbdName() + " ro:" + localRole.drbdName() + "/" + peerRole.drbdName()
                + " ds:" + localDisk.drbdName() + "/" + peerDisk.drbdName()
                + (syncPercent == null ? "" : " sync'ed:" + syncPercent + "%");
    }
}
