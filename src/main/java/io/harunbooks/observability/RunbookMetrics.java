package io.harunbooks.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.stereotype.Component;

/**
 * Gauges read from the engine at each scrape of {@code /actuator/prometheus}: open incidents, runs active, user tasks
 * waiting for a person. The counters and timers (runs started and ended by outcome, step durations by task type,
 * commands by exit code, user-task waiting time) are recorded where they happen: RunObserver, the step delegates and
 * DecisionRecorder.
 */
@Component
class RunbookMetrics implements MeterBinder {

    private final RuntimeService runtime;
    private final TaskService tasks;

    RunbookMetrics(RuntimeService runtime, TaskService tasks) {
        this.runtime = runtime;
        this.tasks = tasks;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("runbooks.incidents.open", runtime, r -> r.createIncidentQuery().count())
                .description("incidents waiting for a person (failed steps)").register(registry);
        Gauge.builder("runbooks.runs.active", runtime, r -> r.createProcessInstanceQuery().rootProcessInstances().count())
                .description("runs not ended").register(registry);
        Gauge.builder("runbooks.user.tasks.open", tasks, t -> t.createTaskQuery().count())
                .description("user tasks waiting for a person").register(registry);
    }
}
