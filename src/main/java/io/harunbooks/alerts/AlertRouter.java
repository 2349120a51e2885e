package io.harunbooks.alerts;

import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.messenger.AlertRoute;
import io.harunbooks.messenger.MessengerAlertParser;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the runbook an alert asks for: the first rule that matches decides. A rule names a runbook and maps labels to
 * its variables, or builds a check_mk local-check line that the seed's alert parser routes. The cluster comes from a
 * label, or from the inventory through the alerting host.
 */
@Component
public class AlertRouter {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    private final List<AlertsProperties.Rule> rules;
    private final Map<String, Pattern> regexes = new LinkedHashMap<>();
    private final MessengerAlertParser messengerAlerts;
    private final Inventory inventory;

    public AlertRouter(AlertsProperties properties, MessengerAlertParser messengerAlerts, Inventory inventory) {
        this.rules = properties.rules();
        this.messengerAlerts = messengerAlerts;
        this.inventory = inventory;
        for (AlertsProperties.Rule rule : rules) {
            if ((rule.runbook() == null) == (rule.messengerLine() == null)) {
                throw new IllegalStateException("alert rule '" + rule.name()
                        + "' needs exactly one of 'runbook' and 'messenger-line'");
            }
            rule.matchRegex().values().forEach(r -> regexes.computeIfAbsent(r, Pattern::compile));
        }
    }

    /**
     * A runbook to start: {@code problem} is set when the rule matched but the alert lacks what the run needs.
     */
    public record Route(String rule, String runbook, String cluster, Map<String, Object> variables, String problem) {
    }

    /** Routes of an alert (usually one; none when no rule matches or the alert is OK). */
    public List<Route> route(IncomingAlert alert) {
        Optional<AlertsProperties.Rule> rule = rules.stream().filter(r -> matches(r, alert)).findFirst();
        if (rule.isEmpty()) {
            return List.of();
        }
        AlertsProperties.Rule r = rule.get();
        String cluster = cluster(r, alert);
        List<Route> routes = new ArrayList<>();
        if (r.runbook() != null) {
            Map<String, Object> variables = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            r.variables().forEach((variable, label) -> {
                String value = alert.labels().get(label);
                if (value == null) {
                    missing.add("label '" + label + "' (for variable '" + variable + "')");
                } else {
                    variables.put(variable, value);
                }
            });
            routes.add(new Route(r.name(), r.runbook(), cluster, variables,
                    missing.isEmpty() ? null : "the alert has no " + String.join(", ", missing)));
        } else {
            for (AlertRoute ar : messengerAlerts.parse(render(r.messengerLine(), alert.labels()))) {
                routes.add(new Route(r.name(), ar.runbook(), cluster, new LinkedHashMap<>(ar.variables()), null));
            }
        }
        return routes.stream().map(route -> route.cluster() != null || route.problem() != null ? route
                : new Route(route.rule(), route.runbook(), null, route.variables(), "no cluster: the alert has no '"
                + r.clusterLabel() + "' label and its '" + r.hostLabel() + "' label names no inventory host")).toList();
    }

    private boolean matches(AlertsProperties.Rule rule, IncomingAlert alert) {
        if (rule.source() != null && !rule.source().equals(alert.source())) {
            return false;
        }
        for (Map.Entry<String, String> e : rule.match().entrySet()) {
            if (!e.getValue().equals(alert.labels().get(e.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, String> e : rule.matchRegex().entrySet()) {
            String value = alert.labels().get(e.getKey());
            if (value == null || !regexes.get(e.getValue()).matcher(value).matches()) {
                return false;
            }
        }
        return true;
    }

    private String cluster(AlertsProperties.Rule rule, IncomingAlert alert) {
        String named = alert.labels().get(rule.clusterLabel());
        if (named != null) {
            return named;
        }
        String host = alert.labels().get(rule.hostLabel());
        if (host == null) {
            return null;
        }
        String shortName = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        return inventory.clusters().stream()
                .filter(c -> c.hosts().stream().anyMatch(h -> h.name().equals(host) || h.name().equals(shortName)
                        || h.address().equals(host)))
                .map(Cluster::name).findFirst().orElse(null);
    }

    static String render(String template, Map<String, String> labels) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(labels.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
