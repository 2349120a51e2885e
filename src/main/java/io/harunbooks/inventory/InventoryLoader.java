package io.harunbooks.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the YAML inventory. Every fault is collected and reported together, each naming the entry
 * ({@code clusters[0].hosts[1] (vkt04)}) and what is wrong with it.
 *
 * <pre>
 * knownHosts: known_hosts            # relative paths are relative to the inventory file
 * clusters:
 *   - name: msg-lab
 *     system: messenger
 *     hosts:
 *       - name: vkt03
 *         address: 10.32.88.10
 *         port: 22
 *         user: root
 *         privateKey: keys/id_ed25519
 *         roles: [controller]
 *     databases:                     # optional: what SQL steps may query
 *       - name: reserve-db           # unique in the cluster
 *         host: reserve              # the inventory host this database runs on
 *         url: jdbc:mariadb://10.32.88.11:3306/
 *         user: runbooks
 *         password: env:COMPASS_DB_PASSWORD   # env:NAME | file:/path/to/secret | none (never the password itself)
 * </pre>
 */
public final class InventoryLoader {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]+:[0-9A-Fa-f:.]*");

    private final Set<String> knownRoles;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public InventoryLoader(Set<String> knownRoles) {
        this.knownRoles = Set.copyOf(knownRoles);
    }

    public Inventory load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new InventoryException(abs, List.of("file does not exist or is not a regular file"));
        }
        JsonNode root;
        try {
            root = yaml.readTree(abs.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InventoryException(abs, List.of("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
        } catch (IOException e) {
            throw new InventoryException(abs, List.of("cannot be read: " + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InventoryException(abs, List.of("expected a mapping with 'knownHosts' and 'clusters'"));
        }
        List<String> faults = new ArrayList<>();
        Path base = abs.getParent();

        Path knownHosts = null;
        String kh = text(root, "knownHosts");
        if (kh == null) {
            faults.add("knownHosts: missing (the known-hosts file every host key is verified against)");
        } else {
            knownHosts = base.resolve(kh).normalize();
            if (!Files.isRegularFile(knownHosts)) {
                faults.add("knownHosts: file " + knownHosts + " does not exist");
            }
        }

        List<Cluster> clusters = new ArrayList<>();
        JsonNode clusterNodes = root.get("clusters");
        if (clusterNodes == null || !clusterNodes.isArray() || clusterNodes.isEmpty()) {
            faults.add("clusters: missing or empty (a list of clusters is required)");
        } else {
            Set<String> clusterNames = new HashSet<>();
            for (int i = 0; i < clusterNodes.size(); i++) {
                Cluster c = cluster(clusterNodes.get(i), "clusters[" + i + "]", base, faults);
                if (c != null && !clusterNames.add(c.name())) {
                    faults.add("clusters[" + i + "] (" + c.name() + "): duplicate cluster name");
                }
                if (c != null) {
                    clusters.add(c);
                }
            }
        }
        if (!faults.isEmpty()) {
            throw new InventoryException(abs, faults);
        }
        return new Inventory(abs, knownHosts, clusters);
    }

    private Cluster cluster(JsonNode node, String where, Path base, List<String> faults) {
        String name = text(node, "name");
        if (name == null || !NAME.matcher(name).matches()) {
            faults.add(where + ": name " + (name == null ? "missing" : "'" + name + "' is not a valid name ("
                    + NAME.pattern() + ")"));
            return null;
        }
        String label = where + " (" + name + ")";
        String system = text(node, "system");
        List<Host> hosts = new ArrayList<>();
        JsonNode hostNodes = node.get("hosts");
        if (hostNodes == null || !hostNodes.isArray() || hostNodes.isEmpty()) {
            faults.add(label + ": hosts missing or empty");
            return new Cluster(name, system, hosts);
        }
        Set<String> names = new HashSet<>();
        Set<String> endpoints = new HashSet<>();
        List<String> hostNames = new ArrayList<>();
        for (JsonNode h : hostNodes) {
            String n = text(h, "name");
            if (n != null) {
                hostNames.add(n);
            }
        }
        for (int j = 0; j < hostNodes.size(); j++) {
            Host h = host(hostNodes.get(j), label + ".hosts[" + j + "]", base, faults);
            if (h == null) {
                continue;
            }
            if (!names.add(h.name())) {
                faults.add(label + ".hosts[" + j + "] (" + h.name() + "): duplicate host name in cluster " + name);
            } else if (!endpoints.add(h.address() + ":" + h.port())) {
                faults.add(label + ".hosts[" + j + "] (" + h.name() + "): duplicate host: address " + h.address()
                        + ":" + h.port() + " is already used by another host of cluster " + name);
            } else {
                hosts.add(h);
            }
        }
        return new Cluster(name, system, hosts, databases(node.get("databases"), label, base, hostNames, faults));
    }

    private static final List<String> JDBC_PREFIXES = List.of("jdbc:mariadb:", "jdbc:mysql:", "jdbc:postgresql:");

    private List<Database> databases(JsonNode nodes, String label, Path base, List<String> hostNames, List<String> faults) {
        List<Database> databases = new ArrayList<>();
        if (nodes == null || nodes.isNull()) {
            return databases;
        }
        if (!nodes.isArray()) {
            faults.add(label + ": databases must be a list");
            return databases;
        }
        Set<String> names = new HashSet<>();
        for (int k = 0; k < nodes.size(); k++) {
            JsonNode node = nodes.get(k);
            String where = label + ".databases[" + k + "]";
            String name = text(node, "name");
            if (name == null || !NAME.matcher(name).matches()) {
                faults.add(where + ": name " + (name == null ? "missing" : "'" + name + "' is not a valid name"));
                continue;
            }
            String entry = where + " (" + name + ")";
            int before = faults.size();
            String host = text(node, "host");
            if (host == null) {
                faults.add(entry + ": host missing (the inventory host the database runs on)");
            } else if (!hostNames.contains(host)) {
                faults.add(entry + ": unknown host '" + host + "' (hosts: " + hostNames + ")");
            }
            String url = text(node, "url");
            if (url == null) {
                faults.add(entry + ": url missing");
            } else if (JDBC_PREFIXES.stream().noneMatch(url::startsWith)) {
                faults.add(entry + ": url '" + url + "' is not a JDBC URL of a supported database (" + JDBC_PREFIXES
                        + ")");
            }
            String user = text(node, "user");
            if (user == null) {
                faults.add(entry + ": user missing");
            }
            String password = text(node, "password");
            if (password == null) {
                faults.add(entry + ": password missing (env:NAME, file:/path or none)");
            } else if (!isPasswordRef(password)) {
                // never echo the value: it may be the password itself
                faults.add(entry + ": password must be a reference (env:NAME, file:/path or none), "
                        + "a literal password is refused");
            }
            if (faults.size() > before) {
                continue;
            }
            if (!names.add(name)) {
                faults.add(entry + ": duplicate database name in cluster");
                continue;
            }
            if (password.startsWith(Database.FILE)) {
                // like private keys: a relative secret file is relative to the inventory file
                password = Database.FILE + base.resolve(password.substring(Database.FILE.length())).normalize();
            }
            databases.add(new Database(name, host, url, user, password));
        }
        return databases;
    }

    static boolean isPasswordRef(String ref) {
        return ref.equals(Database.NONE)
                || (ref.startsWith(Database.ENV) && ref.substring(Database.ENV.length()).matches("[A-Za-z_][A-Za-z0-9_]*"))
                || (ref.startsWith(Database.FILE) && ref.length() > Database.FILE.length());
    }

    private Host host(JsonNode node, String where, Path base, List<String> faults) {
        String name = text(node, "name");
        if (name == null || !NAME.matcher(name).matches()) {
            faults.add(where + ": name " + (name == null ? "missing" : "'" + name + "' is not a valid name"));
            return null;
        }
        String label = where + " (" + name + ")";
        int before = faults.size();
        String address = text(node, "address");
        if (address == null) {
            faults.add(label + ": address missing");
        } else if (!isAddress(address)) {
            faults.add(label + ": malformed address '" + address + "' (expected an IPv4/IPv6 address or a host name)");
        }
        int port = 22;
        JsonNode portNode = node.get("port");
        if (portNode != null) {
            if (!portNode.canConvertToInt() || portNode.asInt() < 1 || portNode.asInt() > 65535) {
                faults.add(label + ": port '" + portNode.asText() + "' is not a TCP port (1-65535)");
            } else {
                port = portNode.asInt();
            }
        }
        String user = text(node, "user");
        if (user == null || !NAME.matcher(user).matches()) {
            faults.add(label + ": user " + (user == null ? "missing" : "'" + user + "' is not a valid user name"));
        }
        Path key = null;
        String keyRef = text(node, "privateKey");
        if (keyRef == null) {
            faults.add(label + ": privateKey missing");
        } else {
            key = base.resolve(keyRef).normalize();
            if (!Files.isRegularFile(key)) {
                faults.add(label + ": private key file " + key + " does not exist");
            }
        }
        Set<String> roles = new LinkedHashSet<>();
        JsonNode roleNodes = node.get("roles");
        if (roleNodes != null) {
            if (!roleNodes.isArray()) {
                faults.add(label + ": roles must be a list");
            } else {
                for (JsonNode r : roleNodes) {
                    String role = r.asText();
                    if (!knownRoles.contains(role)) {
                        faults.add(label + ": unknown role '" + role + "' (known roles: "
                                + knownRoles.stream().sorted().toList() + ")");
                    }
                    roles.add(role);
                }
            }
        }
        if (faults.size() > before) {
            return null;
        }
        return new Host(name, address, port, user, key, roles);
    }

    static boolean isAddress(String address) {
        return IPV4.matcher(address).matches()
                || (IPV6.matcher(address).matches() && address.chars().filter(c -> c == ':').count() >= 2)
                || (HOSTNAME.matcher(address).matches() && !address.matches("[0-9.]+"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
