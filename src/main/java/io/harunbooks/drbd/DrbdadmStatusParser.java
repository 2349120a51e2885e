package io.harunbooks.drbd;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code drbdadm status} of DRBD 9.x: per resource a line {@code <res> role:<role>} (optionally
 * {@code suspended:…}), then indented {@code [volume:<n> ][minor:<n> ]disk:<state>} lines for the local volumes and,
 * per peer, {@code <peer> [node-id:<n> ]role:<role>} or {@code <peer> connection:<state>} with indented
 * {@code [volume:<n> ]replication:<state> peer-disk:<state> [done:<percent>]} lines. One {@link DrbdResource} per
 * resource and volume, against the first peer (two-node clusters); a resource without a peer line has no peer
 * ({@code StandAlone} is then printed by DRBD as {@code <peer> connection:StandAlone}).
 */
@Component
public final class DrbdadmStatusParser implements OutputParser<DrbdState> {

    private static final String TOOL = "drbdadm status";

    @Override
    public String name() {
        return "drbdadm-status";
    }

    @Override
    public DrbdState parse(String output) {
        if (output == null || output.isBlank()) {
            throw new UnparseableOutputException(TOOL, "empty output", output);
        }
        List<DrbdResource> resources = new ArrayList<>();
        Builder current = null;
        for (String raw : output.split("\\R")) {
            if (raw.isBlank()) {
                continue;
            }
            int indent = raw.length() - raw.stripLeading().length();
            Map<String, String> f = fields(raw.strip());
            String first = raw.strip().split("\\s+")[0];
            if (indent == 0) {
                if (!f.containsKey("role")) {
                    throw new UnparseableOutputException(TOOL, "resource line without 'role:': '" + raw + "'",
                            output);
                }
                if (current != null) {
                    current.addTo(resources);
                }
                current = new Builder(first, Role.of(f.get("role")));
                continue;
            }
            if (current == null) {
                throw new UnparseableOutputException(TOOL, "indented line before any resource: '" + raw + "'",
                        output);
            }
            if (!first.contains(":")) {
                // a peer line: "<peer> role:Secondary" or "<peer> connection:StandAlone"
                current.peers++;
                if (current.peer == null) {
                    current.peer = first;
                    current.peerRole = Role.of(f.get("role"));
                    current.connection = f.containsKey("connection") ? ConnectionState.of(f.get("connection"))
                            : ConnectionState.CONNECTED;
                }
                current.inPeer = true;
                continue;
            }
            String volume = f.getOrDefault("volume", "0");
            if (!current.inPeer && f.containsKey("disk")) {
                Volume vol = current.volume(volume);
                vol.disk = DiskState.of(f.get("disk"));
                if (f.containsKey("minor")) {
                    vol.minor = Integer.valueOf(f.get("minor"));
                }
            } else if (current.inPeer && current.peers == 1) {
                Volume vol = current.volume(volume);
                if (f.containsKey("peer-disk")) {
                    vol.peerDisk = DiskState.of(f.get("peer-disk"));
                }
                if (f.containsKey("replication")) {
                    vol.replication = ConnectionState.of(f.get("replication"));
                }
                if (f.containsKey("done")) {
                    vol.done = Double.valueOf(f.get("done"));
                }
            }
        }
        if (current == null) {
            throw new UnparseableOutputException(TOOL, "no resource line", output);
        }
        current.addTo(resources);
        return new DrbdState(null, resources);
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> f = new HashMap<>();
        for (String token : line.split("\\s+")) {
            int colon = token.indexOf(':');
            if (colon > 0) {
                f.put(token.substring(0, colon), token.substring(colon + 1));
            }
        }
        return f;
    }

    private static final class Volume {
        Integer minor;
        DiskState disk = DiskState.UNKNOWN;
        DiskState peerDisk;
        ConnectionState replication;
        Double done;
    }

    private static final class Builder {
        final String name;
        final Role role;
        final Map<String, Volume> volumes = new java.util.LinkedHashMap<>();
        String peer;
        Role peerRole = Role.UNKNOWN;
        ConnectionState connection;
        boolean inPeer;
        int peers;

        Builder(String name, Role role) {
            this.name = name;
            this.role = role;
        }

        Volume volume(String id) {
            return volumes.computeIfAbsent(id, k -> new Volume());
        }

        void addTo(List<DrbdResource> out) {
            if (volumes.isEmpty()) {
                volumes.put("0", new Volume());
            }
            for (Volume v : volumes.values()) {
                ConnectionState cs;
                if (connection == null) {
                    cs = ConnectionState.STAND_ALONE;
                } else if (!connection.isConnected()) {
                    cs = connection;
                } else if (v.replication != null && v.replication != ConnectionState.ESTABLISHED) {
                    cs = v.replication;
                } else {
                    cs = ConnectionState.CONNECTED;
                }
                DiskState peerDisk = v.peerDisk != null ? v.peerDisk
                        : (cs.isConnected() ? DiskState.UNKNOWN : DiskState.D_UNKNOWN);
                Double done = cs.isSyncing() ? v.done : null;
                out.add(new DrbdResource(name, v.minor, cs, role, cs.isConnected() ? peerRole : Role.UNKNOWN,
                        v.disk, peerDisk, done));
            }
        }
    }
}
