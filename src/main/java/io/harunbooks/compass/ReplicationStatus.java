package io.harunbooks.compass;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The output of {@code show_slave_replication_status.py --all-types --all-teams} on one server: one channel per
 * database (pivot {@code monolith}, then each space). Models read the flat values: {@link #state()} as a string,
 * {@link #synced()}, {@link #secondsBehind()} (the largest lag), {@link #errors()}.
 *
 * @param channels the databases in the order printed, at least one
 * @param warning  the script's closing warning «Репликация не может завершиться корректно!»
 */
public record ReplicationStatus(List<ReplicationChannel> channels, boolean warning) {

    public ReplicationStatus {
        channels = List.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a replication status has at least one database");
        }
    }

    public ReplicationState state() {
        if (warning || channels.stream().anyMatch(c -> !c.running())) {
            return ReplicationState.NOT_RUNNING;
        }
        if (channels.stream().anyMatch(c -> c.secondsBehind() == null)) {
            return ReplicationState.UNKNOWN;
        }
        return channels.stream().allMatch(ReplicationChannel::synced) ? ReplicationState.SYNCED
                : ReplicationState.LAGGING;
    }

    /** The seed's criterion before a switch or an update: no errors and Seconds_Behind_Master 0 everywhere. */
    public boolean synced() {
        return state() == ReplicationState.SYNCED;
    }

    public boolean lagging() {
        return state() == ReplicationState.LAGGING;
    }

    /** A database does not replicate, or the script warned that replication cannot complete. */
    public boolean errors() {
        return state() == ReplicationState.NOT_RUNNING;
    }

    /** The largest Seconds_Behind_Master of the running databases; null when none printed a number. */
    public Long secondsBehind() {
        return channels.stream().filter(ReplicationChannel::running).map(ReplicationChannel::secondsBehind)
                .filter(Objects::nonNull).max(Long::compare).orElse(null);
    }

    /** One readable line per database. */
    public String summary() {
        return state() + ": " + channels.stream().map(ReplicationChannel::summary).collect(Collectors.joining("; "));
    }
}
