package io.harunbooks.inventory;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.util.Set;

/**
 * {@code runbooks.inventory.*}: where the inventory file is and which roles it may use.
 *
 * @param path       the YAML inventory file
 * @param knownRoles the role vocabulary of the runbooks; a host with any other role stops the start
 */
@Validated
@ConfigurationProperties("runbooks.inventory")
public record InventoryProperties(@NotNull Path path, @NotEmpty Set<String> knownRoles) {
}
