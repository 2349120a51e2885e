package io.harunbooks.messenger;

import java.util.Map;

/** Which runbook an alert asks for, with the start variables read from the alert. */
public record AlertRoute(String runbook, Map<String, String> variables) {

    public AlertRoute {
        variables = Map.copyOf(variables);
    }
}
