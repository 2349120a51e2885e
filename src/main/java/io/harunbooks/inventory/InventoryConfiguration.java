package io.harunbooks.inventory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

@Configuration(proxyBeanMethods = false)
class InventoryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InventoryConfiguration.class);

    @Bean
    Inventory inventory(InventoryProperties properties, List<InventoryPreparer> preparers) {
        preparers.forEach(InventoryPreparer::prepareInventory);
        Inventory inventory = new InventoryLoader(properties.knownRoles()).load(properties.path());
        inventory.clusters().forEach(c -> log.info("Inventory {}: cluster {} with hosts {} and databases {}",
                inventory.source(), c.name(), c.hosts(), c.databases()));
        return inventory;
    }
}
