package io.harunbooks.engine;

import org.camunda.bpm.engine.delegate.DelegateExecution;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Typed reading of a task's input parameters (local variables of the activity). A missing or malformed value is
 * a modelling error: a non-retriable failure naming the activity and the parameter.
 */
public final class Inputs {

    private final DelegateExecution execution;

    private Inputs(DelegateExecution execution) {
        this.execution = execution;
    }

    public static Inputs of(DelegateExecution execution) {
        return new Inputs(execution);
    }

    /** The cluster the run works on: the {@code cluster} variable, else the business key. */
    public String cluster() {
        Object cluster = execution.getVariable("cluster");
        String name = cluster != null ? cluster.toString() : execution.getProcessBusinessKey();
        if (name == null) {
            throw new NonRetriableException("the run has neither a 'cluster' variable nor a business key: "
                    + "no cluster to resolve hosts in");
        }
        return name;
    }

    public String requireString(String name) {
        return optionalString(name).orElseThrow(() -> fault(name, "is required"));
    }

    public Optional<String> optionalString(String name) {
        Object value = execution.getVariableLocal(name);
        if (value == null) {
            return Optional.empty();
        }
        String s = value.toString();
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    public int requireInt(String name) {
        String s = requireString(name).trim();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw fault(name, "must be an integer but was '" + s + "'");
        }
    }

    public Optional<Duration> optionalDuration(String name) {
        return optionalString(name).map(s -> {
            try {
                return Duration.parse(s.trim());
            } catch (DateTimeParseException e) {
                throw fault(name, "must be an ISO-8601 duration such as PT30S but was '" + s + "'");
            }
        });
    }

    private NonRetriableException fault(String name, String problem) {
        return new NonRetriableException("input parameter '" + name + "' of activity '"
                + execution.getCurrentActivityId() + "' " + problem);
    }
}
