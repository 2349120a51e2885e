package io.harunbooks.alerts;

import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Host;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.messenger.MessengerAlertParser;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.harunbooks.support.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default rules of application.yaml route real payloads of every source, and every seed alert line. */
class AlertRoutingTest {

    private final AlertPayloads payloads = new AlertPayloads();
    private final AlertRouter router = new AlertRouter(defaultProperties(), new MessengerAlertParser(), inventory());

    static AlertsProperties defaultProperties() {
        try {
            StandardEnvironment env = new StandardEnvironment();
            for (PropertySource<?> ps : new YamlPropertySourceLoader().load("application",
                    new ClassPathResource("application.yaml"))) {
                env.getPropertySources().addLast(ps);
            }
            return Binder.get(env).bind("runbooks.alerts", AlertsProperties.class).get();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inventory inventory() {
        Set<String> roles = Set.of("controller", "node");
        return new Inventory(Path.of("inventory.yaml"), Path.of("known_hosts"), List.of(new Cluster("msg-lab",
                "messenger", List.of(new Host("vkt03", "127.0.10.1", 22, "root", Path.of("k"), roles),
                new Host("vkt04", "127.0.10.2", 22, "root", Path.of("k"), roles)))));
    }

    private AlertRouter.Route only(IncomingAlert alert) {
        List<AlertRouter.Route> routes = router.route(alert);
        assertThat(routes).hasSize(1);
        return routes.get(0);
    }

    @Test
    void alertmanagerFiringAlertOfTheSeedStartsTheReplicaRebuildOnTheNamedNode() {
        List<IncomingAlert> alerts = payloads.alertmanager(fixture("alerts/alertmanager/firing-ctlr-no-replicas.json"));

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.firing()).isTrue();
            assertThat(a.fingerprint()).isEqualTo("am:5b3e1f0c9a7d2e41");
            assertThat(a.labels()).containsEntry("annotations.summary",
                    "ctlr topology is BAD: ctlr has no active replicas, check ctlr logs on vkt04");
        });
        AlertRouter.Route route = only(alerts.get(0));
        assertThat(route.runbook()).isEqualTo("controller-replica-rebuild");
        assertThat(route.cluster()).isEqualTo("msg-lab");
        assertThat(route.variables()).isEqualTo(Map.of("node", "vkt04"));
        assertThat(route.rule()).isEqualTo("seed-001-alertmanager");
    }

    @Test
    void resolvedPayloadKeepsTheFingerprint() {
        IncomingAlert resolved = payloads.alertmanager(fixture("alerts/alertmanager/resolved-ctlr-no-replicas.json"))
                .get(0);

        assertThat(resolved.firing()).isFalse();
        assertThat(resolved.fingerprint()).isEqualTo("am:5b3e1f0c9a7d2e41");
    }

    @Test
    void groupedAlertmanagerPayloadRoutesEachSeedAlert() {
        List<IncomingAlert> alerts = payloads.alertmanager(fixture("alerts/alertmanager/grouped-seed-alerts.json"));

        assertThat(alerts).hasSize(5);
        assertThat(only(alerts.get(0))).extracting(AlertRouter.Route::runbook, AlertRouter.Route::variables)
                .containsExactly("kust-replica-resync", Map.of("service", "cox", "instance", "cox-1"));
        assertThat(only(alerts.get(1))).extracting(AlertRouter.Route::runbook, AlertRouter.Route::variables)
                .containsExactly("tarantool-replica-resync", Map.of("service", "badger", "instance", "badger-3"));
        assertThat(only(alerts.get(2)).runbook()).isEqualTo("mysql-topology-repair");
        assertThat(only(alerts.get(3))).extracting(AlertRouter.Route::runbook, AlertRouter.Route::variables)
                .containsExactly("autoflip-unblock", Map.of("service", "fate"));
        assertThat(alerts.get(4).firing()).isFalse();
        assertThat(router.route(alerts.get(4))).isEmpty();
    }

    @Test
    void zabbixProblemRoutesByItsCheckTag() {
        IncomingAlert alert = payloads.zabbix(fixture("alerts/zabbix/problem-tarantool.json")).get(0);

        assertThat(alert.fingerprint()).isEqualTo("zabbix:48213");
        assertThat(alert.firing()).isTrue();
        assertThat(only(alert)).extracting(AlertRouter.Route::runbook, AlertRouter.Route::cluster,
                        AlertRouter.Route::variables)
                .containsExactly("tarantool-replica-resync", "msg-lab", Map.of("service", "badger", "instance", "badger-3"));
        assertThat(payloads.zabbix(fixture("alerts/zabbix/resolved-tarantool.json")).get(0).firing()).isFalse();
    }

    @Test
    void everySeedLocalCheckLineFromCheckmkRoutesWithTheClusterOfTheAlertingHost() {
        List<IncomingAlert> alerts = payloads.checkmk(fixture("alerts/checkmk/seed-lines-vkt03.json"));

        assertThat(alerts).hasSize(6);
        assertThat(alerts.subList(0, 5)).allSatisfy(a -> assertThat(only(a).cluster()).isEqualTo("msg-lab"));
        assertThat(alerts.subList(0, 5)).extracting(a -> only(a).runbook()).containsExactly("kust-replica-resync",
                "tarantool-replica-resync", "mysql-topology-repair", "controller-replica-rebuild", "autoflip-unblock");
        assertThat(only(alerts.get(3)).variables()).isEqualTo(Map.of("node", "vkt04"));
        assertThat(alerts.get(5).firing()).isFalse();
    }

    @Test
    void checkmkNotificationFieldsAreTheSameCheck() {
        IncomingAlert alert = payloads.checkmk(fixture("alerts/checkmk/notification-ctlr.json")).get(0);

        assertThat(alert.labels()).containsEntry("state", "2");
        assertThat(only(alert)).extracting(AlertRouter.Route::runbook, AlertRouter.Route::variables)
                .containsExactly("controller-replica-rebuild", Map.of("node", "vkt04"));
    }

    @Test
    void everyAlertLineOfTheSeedIsRoutedWhateverTheSource() {
        for (String line : List.of("kust-replfailed.txt", "tarantool-badger-3-rep-stopped.txt",
                "tarantool-badger-3-replication.txt", "orch-topo-bad.txt", "ctlr-no-replicas-vkt04.txt",
                "ctlr-no-replicas-vkt03.txt", "autoflip-blocked.txt")) {
            String first = fixture("messenger/alerts/" + line).lines().findFirst().orElseThrow();
            String body = "{\"host\": \"vkt04\", \"lines\": [\"" + first.replace("\"", "\\\"") + "\"]}";
            IncomingAlert alert = payloads.checkmk(body).get(0);
            assertThat(router.route(alert)).as(line).singleElement()
                    .satisfies(r -> assertThat(r.problem()).isNull());
        }
    }

    @Test
    void anAlertNoRuleKnowsHasNoRouteAndOneWithoutClusterSaysSo() {
        IncomingAlert unknown = payloads.alertmanager("""
                {"version": "4", "alerts": [{"status": "firing", "labels": {"alertname": "DiskFull", "cluster": "x"}}]}
                """).get(0);
        IncomingAlert noCluster = payloads.alertmanager("""
                {"version": "4", "alerts": [{"status": "firing", "labels": {"alertname": "ControllerSplitBrain"}}]}
                """).get(0);

        assertThat(router.route(unknown)).isEmpty();
        assertThat(only(noCluster).problem()).contains("no cluster");
    }

    @Test
    void malformedBodiesSayWhatIsWrong() {
        assertThatThrownBy(() -> payloads.alertmanager("{\"alerts\": 5}")).hasMessageContaining("'alerts' must be an array");
        assertThatThrownBy(() -> payloads.alertmanager("{\"alerts\": [{\"status\": \"firing\", \"labels\": {}}]}"))
                .hasMessageContaining("alerts[0].labels.alertname is required");
        assertThatThrownBy(() -> payloads.alertmanager("{\"alerts\": [{\"status\": \"burning\"}]}"))
                .hasMessageContaining("alerts[0].status must be 'firing' or 'resolved'");
        assertThatThrownBy(() -> payloads.alertmanager("not json")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> payloads.zabbix("{\"eventId\": \"1\"}")).hasMessageContaining("triggerName is required");
        assertThatThrownBy(() -> payloads.checkmk("{\"host\": \"vkt03\", \"lines\": [\"hello\"]}"))
                .hasMessageContaining("lines[0] is not a local-check line");
        assertThatThrownBy(() -> payloads.checkmk("{\"host\": \"" + "x".repeat(5000) + "\", \"lines\": []}"))
                .hasMessageContaining("longer than 4096");
    }
}
