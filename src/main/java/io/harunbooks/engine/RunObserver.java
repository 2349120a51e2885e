package io.harunbooks.engine;

import io.micrometer.core.instrument.Metrics;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.pvm.process.TransitionImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * What a run is doing, for people and for Prometheus. Each time a run moves on to a step, the variable
 * {@value #PROGRESS} says in words what it does now ("running: Clean the replica", "waiting PT5M: Wait after the
 * clean, until 20:41", "waiting for a person: Choose the master") and the log says it too. It is set when the flow
 * into the step is taken, so it is committed before a long asynchronous step starts, and Tasklist and Cockpit show it
 * while the step runs. Runs started and ended (by outcome) are counted ({@code runbooks_runs_started_total},
 * {@code runbooks_runs_ended_total}) in Micrometer's global registry, which Spring Boot exports at
 * {@code /actuator/prometheus}.
 */
final class RunObserver extends AbstractBpmnParseListener {

    public static final String PROGRESS = "progress";
    private static final Logger log = LoggerFactory.getLogger(RunObserver.class);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @Override
    public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        String key = processDefinition.getKey();
        processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) execution -> {
            if (execution.getParentId() == null) {
                Metrics.counter("runbooks.runs.started", "runbook", key).increment();
            }
        });
        processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) execution -> {
            if (execution.getParentId() == null) {
                Object outcome = execution.getVariable("outcome");
                String how = ((org.camunda.bpm.engine.impl.pvm.runtime.PvmExecutionImpl) execution).isCanceled()
                        ? "deleted" : outcome == null ? "none" : outcome.toString();
                Metrics.counter("runbooks.runs.ended", "runbook", key, "outcome", how).increment();
            }
        });
    }

    @Override
    public void parseSequenceFlow(Element sequenceFlowElement, ScopeImpl scopeElement, TransitionImpl transition) {
        ActivityImpl target = (ActivityImpl) transition.getDestination();
        String type = (String) target.getProperty("type");
        String name = target.getName() == null ? target.getId() : target.getName().replace('\n', ' ');
        String timer = (String) target.getProperty(TIMER_DURATION);
        ExecutionListener listener;
        if ("serviceTask".equals(type) || "scriptTask".equals(type) && target.isAsyncBefore()) {
            listener = execution -> progress(execution, "running: " + name);
        } else if ("userTask".equals(type)) {
            listener = execution -> progress(execution, "waiting for a person: " + name);
        } else if ("callActivity".equals(type)) {
            listener = execution -> progress(execution, "running the called runbook: " + name);
        } else if (type != null && type.startsWith("intermediateTimer")) {
            listener = execution -> {
                String duration = duration(execution, timer);
                progress(execution, "waiting" + (duration == null ? "" : " " + duration) + ": " + name
                        + until(duration));
            };
        } else {
            return;
        }
        transition.addBuiltInListener(ExecutionListener.EVENTNAME_TAKE, listener);
    }

    private static final String TIMER_DURATION = "harunbooksTimerDuration";

    /** Remembers an intermediate timer's duration as the model writes it (activities are parsed before flows). */
    @Override
    public void parseIntermediateCatchEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
        Element timer = element.element("timerEventDefinition");
        Element duration = timer == null ? null : timer.element("timeDuration");
        if (duration != null && duration.getText() != null) {
            activity.setProperty(TIMER_DURATION, duration.getText().trim());
        }
    }

    /** The timer's duration: as written, or the value of the variable its {@code ${…}} names. */
    private static String duration(DelegateExecution execution, String timer) {
        if (timer == null || !timer.startsWith("${")) {
            return timer;
        }
        Object v = execution.getVariable(timer.substring(2, timer.length() - 1).trim());
        return v == null ? null : v.toString();
    }

    private static String until(String duration) {
        try {
            if (duration == null || !duration.startsWith("P")) {
                return "";
            }
            return ", until " + LocalTime.now(java.time.ZoneId.systemDefault())
                    .plus(java.time.Duration.parse(duration)).format(HH_MM);
        } catch (RuntimeException unparsable) {
            return "";
        }
    }

    private static void progress(DelegateExecution execution, String text) {
        execution.setVariable(PROGRESS, text);
        log.info("Run {} ({}): {}", execution.getProcessInstanceId(), execution.getProcessBusinessKey(), text);
    }
}
