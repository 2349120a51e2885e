package io.harunbooks.runs;

import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Host;
import io.harunbooks.ssh.ShellQuoting;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a start request's variables against what the runbook declares, before anything starts: every problem is
 * reported, so one 400 answer names each missing, unknown or invalid variable.
 */
final class StartVariablesValidator {

    private StartVariablesValidator() {
    }

    static Map<String, Object> validate(RunbookDefinition runbook, Cluster cluster, Map<String, Object> given,
                                        List<String> problems) {
        Map<String, Object> accepted = checkDeclared(runbook.variables(), cluster, given, problems);
        List<String> declared = runbook.variables().stream().map(RunbookDefinition.VariableSpec::name).toList();
        for (String name : given.keySet()) {
            if (!declared.contains(name)) {
                problems.add("variable '" + name + "' is not declared by runbook '" + runbook.key()
                        + "' (it takes: " + (declared.isEmpty() ? "no variables" : String.join(", ", declared)) + ")");
            }
        }
        return accepted;
    }

    /**
     * Checks the declared variables among {@code given} (hosts against {@code cluster}; not at all when it is null)
     * and returns those accepted.
     */
    static Map<String, Object> checkDeclared(List<RunbookDefinition.VariableSpec> specs, Cluster cluster,
                                             Map<String, Object> given, List<String> problems) {
        Map<String, Object> accepted = new LinkedHashMap<>();
        for (RunbookDefinition.VariableSpec spec : specs) {
            Object value = given.get(spec.name());
            if (value == null || value.toString().isBlank()) {
                if (spec.required()) {
                    problems.add("variable '" + spec.name() + "' is required (" + describe(spec.kind()) + ")");
                }
                continue;
            }
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                problems.add("variable '" + spec.name() + "' must be a string, number or boolean");
                continue;
            }
            String problem = check(spec, value.toString(), cluster);
            if (problem != null) {
                problems.add("variable '" + spec.name() + "' = '" + value + "' " + problem);
            } else {
                accepted.put(spec.name(), value instanceof String s ? s : value);
            }
        }
        return accepted;
    }

    private static String check(RunbookDefinition.VariableSpec spec, String value, Cluster cluster) {
        String kind = spec.kind();
        if (!ShellQuoting.isSafe(value)) {
            return "contains characters that are not allowed (it must match " + ShellQuoting.SAFE_VALUE.pattern() + ")";
        }
        if (kind.startsWith("host:")) {
            if (cluster == null) {
                return null; // no inventory to look in
            }
            String role = kind.substring("host:".length());
            Host host = cluster.host(value).orElse(null);
            if (host == null) {
                return "is not a host of cluster '" + cluster.name() + "' (hosts: "
                        + cluster.hosts().stream().map(Host::name).toList() + ")";
            }
            if (!host.hasRole(role)) {
                return "is a host of cluster '" + cluster.name() + "' but does not play role '" + role + "'";
            }
            return null;
        }
        if (kind.startsWith("oneof:")) {
            List<String> allowed = List.of(kind.substring("oneof:".length()).split(","));
            return allowed.contains(value) ? null : "is not one of " + allowed;
        }
        if (kind.equals("duration")) {
            try {
                Duration.parse(value);
                return null;
            } catch (DateTimeParseException e) {
                return "is not an ISO-8601 duration such as PT5M";
            }
        }
        return null; // "name": the safe pattern above is the check
    }

    private static String describe(String kind) {
        if (kind.startsWith("host:")) {
            return "a host of the cluster with role " + kind.substring(5);
        }
        if (kind.startsWith("oneof:")) {
            return "one of " + kind.substring("oneof:".length());
        }
        return kind.equals("duration") ? "an ISO-8601 duration" : "a name";
    }
}
