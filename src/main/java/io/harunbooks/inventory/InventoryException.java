package io.harunbooks.inventory;

import java.nio.file.Path;
import java.util.List;

/** The inventory file cannot be used; the message names the file, each faulty entry and its fault. */
public class InventoryException extends RuntimeException {

    private final List<String> faults;

    public InventoryException(Path file, List<String> faults) {
        super("Invalid inventory " + file + ":\n  - " + String.join("\n  - ", faults));
        this.faults = List.copyOf(faults);
    }

    public List<String> faults() {
        return faults;
    }
}
