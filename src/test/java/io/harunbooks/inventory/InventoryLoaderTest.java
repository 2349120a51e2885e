package io.harunbooks.inventory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryLoaderTest {

    @TempDir
    Path dir;
    private final InventoryLoader loader = new InventoryLoader(Set.of("controller", "standby"));

    @BeforeEach
    void keys() throws IOException {
        Files.writeString(dir.resolve("known_hosts"), "");
        Files.writeString(dir.resolve("id_ops"), "key");
    }

    private Path inventory(String hosts) throws IOException {
        return Files.writeString(dir.resolve("inventory.yaml"), """
                knownHosts: known_hosts
                clusters:
                  - name: msg-prod
                    system: messenger
                    hosts:
                """ + hosts.indent(6));
    }

    private static String host(String name, String address, String roles) {
        return """
                - name: %s
                  address: %s
                  port: 22
                  user: root
                  privateKey: id_ops
                  roles: [%s]
                """.formatted(name, address, roles);
    }

    @Test
    void loadsAndResolvesByNameAndRole() throws IOException {
        Inventory inv = loader.load(inventory(host("vkt03", "10.32.88.10", "controller")
                + host("vkt04", "vkt04.example.org", "controller, standby")));

        assertThat(inv.knownHosts()).isEqualTo(dir.resolve("known_hosts"));
        assertThat(inv.resolve("msg-prod", "vkt03").address()).isEqualTo("10.32.88.10");
        assertThat(inv.resolve("msg-prod", "standby").name()).isEqualTo("vkt04");
        assertThat(inv.resolve("msg-prod", "vkt04").privateKey()).isEqualTo(dir.resolve("id_ops"));
        assertThat(inv.hostsWithRole("msg-prod", "controller", 2)).extracting(Host::name)
                .containsExactly("vkt03", "vkt04");
    }

    @Test
    void roleMatchingTwoHostsWhereOneIsRequiredIsAnErrorNotAGuess() throws IOException {
        Inventory inv = loader.load(inventory(host("vkt03", "10.0.0.3", "controller")
                + host("vkt04", "10.0.0.4", "controller")));

        assertThatThrownBy(() -> inv.resolve("msg-prod", "controller"))
                .isInstanceOf(UnresolvableTargetException.class)
                .hasMessageContaining("matches 2 hosts [vkt03, vkt04] where exactly one is required");
        assertThatThrownBy(() -> inv.resolve("msg-prod", "standby"))
                .hasMessageContaining("neither a host name nor a role");
        assertThatThrownBy(() -> inv.resolve("other", "vkt03"))
                .hasMessageContaining("cluster 'other' is not in the inventory");
        assertThatThrownBy(() -> inv.hostsWithRole("msg-prod", "standby", 1))
                .hasMessageContaining("matches 0 hosts");
    }

    @Test
    void anyOfARoleListsEveryHostOfTheRoleByName() throws IOException {
        Inventory inv = loader.load(inventory(host("vkt04", "10.0.0.4", "controller")
                + host("vkt03", "10.0.0.3", "controller")));

        assertThat(inv.candidates("msg-prod", "any:controller")).extracting(Host::name).containsExactly("vkt03", "vkt04");
        assertThat(inv.candidates("msg-prod", "vkt04")).extracting(Host::name).containsExactly("vkt04");
        assertThatThrownBy(() -> inv.candidates("msg-prod", "any:standby"))
                .isInstanceOf(UnresolvableTargetException.class).hasMessageContaining("no host");
    }

    @Test
    void unknownRoleNamesFileEntryAndFault() throws IOException {
        Path file = inventory(host("vkt03", "10.0.0.3", "controler"));

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(InventoryException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("clusters[0] (msg-prod).hosts[0] (vkt03): unknown role 'controler'");
    }

    @Test
    void missingKeyFileDuplicateHostAndMalformedAddressAreAllReported() throws IOException {
        String missingKey = host("vkt03", "10.0.0.3", "controller").replace("id_ops", "keys/absent");
        Path file = inventory(missingKey + host("vkt04", "10.0.0.4", "controller")
                + host("vkt04", "10.0.0.5", "controller") + host("vkt05", "10.0.0.999", "controller")
                + host("vkt06", "10.0.0.4", "controller"));

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(InventoryException.class)
                .satisfies(e -> assertThat(((InventoryException) e).faults()).containsExactly(
                        "clusters[0] (msg-prod).hosts[0] (vkt03): private key file " + dir.resolve("keys/absent")
                                + " does not exist",
                        "clusters[0] (msg-prod).hosts[2] (vkt04): duplicate host name in cluster msg-prod",
                        "clusters[0] (msg-prod).hosts[3] (vkt05): malformed address '10.0.0.999' (expected an "
                                + "IPv4/IPv6 address or a host name)",
                        "clusters[0] (msg-prod).hosts[4] (vkt06): duplicate host: address 10.0.0.4:22 is already "
                                + "used by another host of cluster msg-prod"));
    }

    @Test
    void missingKnownHostsAndBrokenYamlAreClear() throws IOException {
        Files.delete(dir.resolve("known_hosts"));
        Path file = inventory(host("vkt03", "10.0.0.3", "controller"));
        assertThatThrownBy(() -> loader.load(file)).hasMessageContaining("knownHosts: file")
                .hasMessageContaining("does not exist");

        Path broken = Files.writeString(dir.resolve("broken.yaml"), "clusters: [\n  - name: x\n   bad");
        assertThatThrownBy(() -> loader.load(broken)).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> loader.load(dir.resolve("absent.yaml")))
                .hasMessageContaining("file does not exist");
    }

    private Path inventoryWithDatabases(String databases) throws IOException {
        return Files.writeString(dir.resolve("inventory.yaml"), """
                knownHosts: known_hosts
                clusters:
                  - name: compass-lab
                    system: compass
                    hosts:
                """ + (host("primary", "10.0.0.1", "controller") + host("reserve", "10.0.0.2", "standby")).indent(6)
                + "    databases:\n" + databases.indent(6));
    }

    private static String database(String name, String host, String url, String password) {
        return """
                - name: %s
                  host: %s
                  url: %s
                  user: root
                  password: %s
                """.formatted(name, host, url, password);
    }

    @Test
    void databasesAreResolvedByNameThenByHost() throws IOException {
        Files.writeString(dir.resolve("db-secret"), "s3cret\n");
        Inventory inv = loader.load(inventoryWithDatabases(
                database("primary-db", "primary", "jdbc:mariadb://10.0.0.1:3306/", "env:COMPASS_DB_PASSWORD")
                        + database("reserve-db", "reserve", "jdbc:mysql://10.0.0.2:3306/", "file:db-secret")));

        Cluster cluster = inv.requireCluster("compass-lab");
        assertThat(cluster.databases()).extracting(Database::name).containsExactly("primary-db", "reserve-db");
        assertThat(cluster.database("reserve-db")).get().extracting(Database::host).isEqualTo("reserve");
        assertThat(cluster.database("primary")).get().extracting(Database::name).isEqualTo("primary-db");
        assertThat(cluster.database("absent")).isEmpty();
        assertThat(cluster.database("primary-db").orElseThrow().passwordRef()).isEqualTo("env:COMPASS_DB_PASSWORD");
        assertThat(cluster.database("reserve-db").orElseThrow().passwordRef())
                .as("a relative secret file is relative to the inventory").isEqualTo("file:" + dir.resolve("db-secret"));
    }

    @Test
    void clustersWithoutDatabasesStillLoadAndTheThreeArgumentConstructorStays() throws IOException {
        Inventory inv = loader.load(inventory(host("vkt03", "10.0.0.3", "controller")));

        assertThat(inv.requireCluster("msg-prod").databases()).isEmpty();
        assertThat(new Cluster("c", "s", java.util.List.of()).databases()).isEmpty();
    }

    @Test
    void databaseFaultsNameFileEntryAndFaultAndNeverEchoALiteralPassword() throws IOException {
        Path file = inventoryWithDatabases(
                database("a-db", "primary", "jdbc:mariadb://10.0.0.1:3306/", "none")
                        + database("a-db", "reserve", "jdbc:mariadb://10.0.0.2:3306/", "none")
                        + database("b-db", "nowhere", "jdbc:mariadb://10.0.0.3:3306/", "env:PW")
                        + database("c-db", "primary", "jdbc:oracle:thin:@x:1521:y", "none")
                        + database("d-db", "primary", "jdbc:mariadb://10.0.0.1:3306/", "Hunter2!")
                        + "- host: primary\n  url: jdbc:mariadb://x/\n  user: root\n  password: none\n"
                        + "- name: e-db\n  host: primary\n  user: root\n  password: none\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(InventoryException.class)
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("Hunter2!")
                .satisfies(e -> assertThat(((InventoryException) e).faults()).containsExactly(
                        "clusters[0] (compass-lab).databases[1] (a-db): duplicate database name in cluster",
                        "clusters[0] (compass-lab).databases[2] (b-db): unknown host 'nowhere' (hosts: [primary, "
                                + "reserve])",
                        "clusters[0] (compass-lab).databases[3] (c-db): url 'jdbc:oracle:thin:@x:1521:y' is not a "
                                + "JDBC URL of a supported database ([jdbc:mariadb:, jdbc:mysql:, jdbc:postgresql:])",
                        "clusters[0] (compass-lab).databases[4] (d-db): password must be a reference (env:NAME, "
                                + "file:/path or none), a literal password is refused",
                        "clusters[0] (compass-lab).databases[5]: name missing",
                        "clusters[0] (compass-lab).databases[6] (e-db): url missing"));
    }

    @Test
    void passwordReferences() {
        assertThat(InventoryLoader.isPasswordRef("env:COMPASS_DB_PASSWORD")).isTrue();
        assertThat(InventoryLoader.isPasswordRef("file:/run/secrets/db")).isTrue();
        assertThat(InventoryLoader.isPasswordRef("none")).isTrue();
        assertThat(InventoryLoader.isPasswordRef("env:")).isFalse();
        assertThat(InventoryLoader.isPasswordRef("env:with space")).isFalse();
        assertThat(InventoryLoader.isPasswordRef("file:")).isFalse();
        assertThat(InventoryLoader.isPasswordRef("secret")).isFalse();
    }

    @Test
    void addressesAcceptedAndRefused() {
        assertThat(InventoryLoader.isAddress("127.0.10.1")).isTrue();
        assertThat(InventoryLoader.isAddress("::1")).isTrue();
        assertThat(InventoryLoader.isAddress("vkt03.weave.local")).isTrue();
        assertThat(InventoryLoader.isAddress("256.1.1.1")).isFalse();
        assertThat(InventoryLoader.isAddress("host name")).isFalse();
        assertThat(InventoryLoader.isAddress("a;b")).isFalse();
    }
}
