package io.harunbooks.inventory;

/**
 * Runs before the inventory is loaded; the lab implements it to start its hosts and write its own inventory,
 * known-hosts file and client key.
 */
public interface InventoryPreparer {

    void prepareInventory();
}
