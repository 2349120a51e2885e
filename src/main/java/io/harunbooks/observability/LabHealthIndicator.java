package io.harunbooks.observability;

import io.harunbooks.lab.LabCluster;
import io.harunbooks.lab.SimulatedHost;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.Map;

/** {@code /actuator/health} component {@code lab} (lab profile): up while every simulated host listens. */
@Component("lab")
@Profile("lab")
class LabHealthIndicator implements HealthIndicator {

    private final LabCluster lab;

    LabHealthIndicator(LabCluster lab) {
        this.lab = lab;
    }

    @Override
    public Health health() {
        Map<String, SimulatedHost> hosts = lab.hosts();
        long down = hosts.values().stream().filter(h -> !h.isRunning()).count();
        Health.Builder b = hosts.isEmpty() || down > 0 ? Health.down() : Health.up();
        return b.withDetail("clusters", lab.clusterNames()).withDetail("hosts", hosts.size())
                .withDetail("down", down).build();
    }
}
