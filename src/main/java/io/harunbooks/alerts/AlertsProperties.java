package io.harunbooks.alerts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code runbooks.alerts.*}.
 *
 * @param antiFlap after a run of a runbook on a cluster, alerts do not start it again there for this long
 * @param sources  per source ({@code alertmanager}, {@code zabbix}, {@code checkmk}) its bearer token
 * @param rules    routing rules, tried in order; the first that matches decides
 */
@ConfigurationProperties("runbooks.alerts")
public record AlertsProperties(@DefaultValue("1h") Duration antiFlap, Map<String, Source> sources, List<Rule> rules) {

    public AlertsProperties {
        sources = sources == null ? Map.of() : Map.copyOf(sources);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** @param token the bearer token the source sends (from the environment in production; never logged) */
    public record Source(String token) {
    }

    /**
     * One routing rule.
     *
     * @param name          shown in the alert record
     * @param source        only alerts of this source (null: any)
     * @param match         labels that must have exactly these values
     * @param matchRegex    labels whose value must match these regular expressions (whole value)
     * @param runbook       the runbook to start, with {@code variables} mapping each variable to a label
     * @param messengerLine instead of runbook: a check_mk local-check line built from labels ({@code {label}}
     *                      placeholders) that the seed's alert parser turns into runbook and variables
     * @param clusterLabel  label naming the cluster (default {@code cluster})
     * @param hostLabel     label naming a host, whose inventory cluster is used when there is no cluster label
     *                      (default {@code host})
     */
    public record Rule(String name, String source, Map<String, String> match, Map<String, String> matchRegex,
                       String runbook, Map<String, String> variables, String messengerLine,
                       @DefaultValue("cluster") String clusterLabel, @DefaultValue("host") String hostLabel) {

        public Rule {
            match = match == null ? Map.of() : Map.copyOf(match);
            matchRegex = matchRegex == null ? Map.of() : Map.copyOf(matchRegex);
            variables = variables == null ? Map.of() : Map.copyOf(variables);
        }
    }
}
