package io.harunbooks.runs;

import java.util.List;

/**
 * A startable runbook: the latest version of a deployed process, with the start variables it declares through
 * {@code <camunda:property name="variable:<name>" value="<kind>"/>} on the process.
 */
public record RunbookDefinition(String key, String name, int version, String versionTag, String processDefinitionId,
                                List<VariableSpec> variables) {

    /**
     * A declared start variable. Kinds: {@code host:<role>} (a host of the run's cluster playing that role),
     * {@code name} (a strict identifier: service, instance, replica), {@code duration} (ISO-8601, e.g. PT5M),
     * {@code oneof:a,b} (one of the listed values).
     * A trailing {@code ?} makes it optional.
     */
    public record VariableSpec(String name, String kind, boolean required) {

        static final String PROPERTY_PREFIX = "variable:";

        /** The declaration a process property makes, if it is one ({@code variable:<name>} = {@code <kind>[?]}). */
        static java.util.Optional<VariableSpec> fromProperty(String name, String value) {
            if (name == null || !name.startsWith(PROPERTY_PREFIX)) {
                return java.util.Optional.empty();
            }
            String kind = value == null ? "" : value.trim();
            boolean optional = kind.endsWith("?");
            return java.util.Optional.of(new VariableSpec(name.substring(PROPERTY_PREFIX.length()),
                    optional ? kind.substring(0, kind.length() - 1) : kind, !optional));
        }
    }
}
