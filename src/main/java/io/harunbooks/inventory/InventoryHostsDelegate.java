package io.harunbooks.inventory;

import io.harunbooks.engine.Inputs;
import io.harunbooks.engine.NonRetriableException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Resolves the hosts of a role in the run's cluster: inputs {@code role} and {@code count} (exactly that many must
 * play it); sets the transient local variables {@code hosts} (host names, sorted) and {@code addresses} (their
 * addresses, same order) for output parameters.
 */
@Component("inventoryHosts")
public class InventoryHostsDelegate implements JavaDelegate {

    private final Inventory inventory;

    public InventoryHostsDelegate(Inventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Inputs in = Inputs.of(execution);
        String role = in.requireString("role");
        int count = in.requireInt("count");
        String clusterName = in.cluster();
        List<Host> found;
        try {
            found = inventory.hostsWithRole(clusterName, role, count);
        } catch (UnresolvableTargetException e) {
            throw new NonRetriableException(e.getMessage(), e);
        }
        execution.setVariableLocal("hosts", Variables.objectValue(found.stream().map(Host::name).toList(), true)
                .create());
        execution.setVariableLocal("addresses", Variables.objectValue(found.stream().map(Host::address).toList(), true)
                .create());
    }
}
