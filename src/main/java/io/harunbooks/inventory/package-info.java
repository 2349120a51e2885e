/**
 * Inventory: which clusters exist, which hosts they have, which roles those hosts play, and how to reach them
 * over SSH. Loaded and validated at start; resolved by (cluster, role or host) at run time.
 */
package io.harunbooks.inventory;
