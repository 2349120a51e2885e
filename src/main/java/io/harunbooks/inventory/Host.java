package io.harunbooks.inventory;

import java.nio.file.Path;
import java.util.Set;

/**
 * One machine of a cluster, as the inventory names it.
 *
 * @param name       short name used in runbooks and forms (e.g. {@code vkt03})
 * @param address    IP address or DNS name SSH connects to
 * @param port       SSH port
 * @param user       SSH user
 * @param privateKey private key file used for public-key authentication
 * @param roles      inventory roles this host plays (e.g. {@code controller})
 */
public record Host(String name, String address, int port, String user, Path privateKey, Set<String> roles) {

    public Host {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return name + " (" + user + "@" + address + ":" + port + ")";
    }
}
