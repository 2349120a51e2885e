package io.harunbooks.drbd;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The DRBD state of one node: every configured resource (or minor) with its connection, roles, disk states and sync
 * progress, as read by {@link ProcDrbdParser} or {@link DrbdadmStatusParser}. Gateways and guards read the
 * helpers below.
 *
 * @param version   the DRBD version ({@code version:} line of /proc/drbd), null where not printed
 * @param resources the resources in the order printed (empty: DRBD loaded, nothing configured)
 */
public record DrbdState(String version, List<DrbdResource> resources) implements Serializable {

    public DrbdState {
        resources = List.copyOf(resources);
    }

    /** The resource named (or with minor) {@code id}: a name, a minor number, or {@code all} = the first. */
    public Optional<DrbdResource> resource(String id) {
        if (id == null || id.equals("all")) {
            return resources.stream().findFirst();
        }
        return resources.stream().filter(r -> id.equals(r.name()) || id.equals(String.valueOf(r.minor())))
                .findFirst();
    }

    /** At least one resource, and all Connected with UpToDate/UpToDate. */
    public boolean allHealthy() {
        return !resources.isEmpty() && resources.stream().allMatch(DrbdResource::healthy);
    }

    /** Some resource is not connected to its peer (StandAlone, WFConnection, …). */
    public boolean anyDisconnected() {
        return resources.stream().anyMatch(DrbdResource::disconnected);
    }

    /** Some resource is StandAlone. */
    public boolean anyStandAlone() {
        return resources.stream().anyMatch(r -> r.connection() == ConnectionState.STAND_ALONE);
    }

    /** Some resource is being resynchronised. */
    public boolean anySyncing() {
        return resources.stream().anyMatch(r -> r.connection().isSyncing());
    }

    /** This node is Primary for some resource. */
    public boolean anyPrimary() {
        return resources.stream().anyMatch(r -> r.localRole() == Role.PRIMARY);
    }

    /** The lowest sync percentage of the resources being synchronised, null when none is. */
    public Double syncPercent() {
        return resources.stream().map(DrbdResource::syncPercent).filter(java.util.Objects::nonNull)
                .min(Double::compare).orElse(null);
    }

    /** One line per resource in DRBD's words (for forms and escalations). */
    public String summary() {
        if (resources.isEmpty()) {
            return "no DRBD resource configured";
        }
        return resources.stream().map(DrbdResource::summary).collect(Collectors.joining("\n"));
    }
}
