package io.harunbooks.engine;

import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.DefaultFailedJobParseListener;
import org.camunda.bpm.engine.impl.calendar.DurationHelper;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code runbooks.retries.<task type>}: the retry time cycle (e.g. {@code R3/PT10S}) of the task types' steps that do
 * not set their own {@code camunda:failedJobRetryTimeCycle}. Task types by delegate: {@code ssh-command}
 * ({@code ${sshCommand}}), {@code sql-query} ({@code ${sqlQuery}}), {@code drbdadm} ({@code ${drbdadm}}),
 * {@code inventory-hosts} ({@code ${inventoryHosts}}). A step's own cycle always wins; without either, the engine's
 * default applies (3 attempts at once).
 */
@ConfigurationProperties("runbooks")
public record RetryDefaults(Map<String, String> retries) {

    /** Task type -> delegate expression of its steps. */
    public static final Map<String, String> DELEGATES = Map.of(
            "ssh-command", "${sshCommand}", "ssh-fan-out", "${sshFanOut}", "sql-query", "${sqlQuery}", "drbdadm", "${drbdadm}",
            "inventory-hosts", "${inventoryHosts}");

    public RetryDefaults {
        retries = retries == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(retries));
        for (Map.Entry<String, String> e : retries.entrySet()) {
            if (!DELEGATES.containsKey(e.getKey())) {
                throw new IllegalArgumentException("runbooks.retries." + e.getKey() + ": no such task type (task types: "
                        + DELEGATES.keySet().stream().sorted().toList() + ")");
            }
            try {
                new DurationHelper(e.getValue());
            } catch (Exception bad) {
                throw new IllegalArgumentException("runbooks.retries." + e.getKey() + " = '" + e.getValue()
                        + "' is not a retry time cycle such as R3/PT10S: " + bad.getMessage());
            }
        }
    }

    public static RetryDefaults none() {
        return new RetryDefaults(Map.of());
    }

    /** Sets the configured cycle on service tasks of a configured type that have none of their own. */
    AbstractBpmnParseListener parseListener() {
        Map<String, String> byDelegate = new LinkedHashMap<>();
        retries.forEach((type, cycle) -> byDelegate.put(DELEGATES.get(type), cycle));
        return new AbstractBpmnParseListener() {
            @Override
            public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                String delegate = element.attributeNS(org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS,
                        "delegateExpression");
                String cycle = delegate == null ? null : byDelegate.get(delegate);
                if (cycle != null && activity.getProperty(DefaultFailedJobParseListener.FAILED_JOB_CONFIGURATION.getName()) == null) {
                    activity.getProperties().set(DefaultFailedJobParseListener.FAILED_JOB_CONFIGURATION,
                            org.camunda.bpm.engine.impl.util.ParseUtil.parseRetryIntervals(cycle));
                }
            }
        };
    }

}
