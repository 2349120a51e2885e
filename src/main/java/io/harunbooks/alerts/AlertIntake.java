package io.harunbooks.alerts;

import io.harunbooks.runs.ApiException;
import io.harunbooks.runs.RunRefusedException;
import io.harunbooks.runs.RunService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What happens to received alerts: each is recorded with its outcome; a firing alert that a rule routes starts its
 * runbook unless the same alert's run is still active, another run is active on the cluster, or the runbook ran
 * there within the anti-flap period; a resolved alert is attached to the run it started.
 */
@Service
public class AlertIntake {

    private static final Logger log = LoggerFactory.getLogger(AlertIntake.class);
    static final String AUTOFLIP = "autoflip-unblock";
    static final List<String> REPAIRS = List.of("kust-replica-resync", "tarantool-replica-resync");
    static final java.time.Duration REPAIR_WINDOW = java.time.Duration.ofDays(1);

    public record AlertOutcome(long recordId, String fingerprint, AlertStore.Outcome outcome, String runbook,
                               String cluster, String runId, String detail) {
    }

    private final AlertRouter router;
    private final AlertStore store;
    private final RunService runs;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final AlertsProperties properties;

    public AlertIntake(AlertRouter router, AlertStore store, RunService runs, RuntimeService runtime,
                       TaskService tasks, AlertsProperties properties) {
        this.router = router;
        this.store = store;
        this.runs = runs;
        this.runtime = runtime;
        this.tasks = tasks;
        this.properties = properties;
    }

    public List<AlertOutcome> receive(List<IncomingAlert> alerts) {
        List<AlertOutcome> outcomes = new ArrayList<>();
        for (IncomingAlert alert : alerts) {
            if (alert.firing()) {
                outcomes.addAll(firing(alert));
            } else {
                outcomes.add(resolved(alert));
            }
        }
        return outcomes;
    }

    /** A request that could not be read at all, recorded so it stays visible. */
    public void rejectedRequest(String source, String problem) {
        IncomingAlert nothing = new IncomingAlert(source, null, true, null, java.util.Map.of(), Instant.now(), null);
        store.record(nothing, null, null, null, AlertStore.Outcome.REJECTED, null, "rejected request: " + problem);
    }

    private List<AlertOutcome> firing(IncomingAlert alert) {
        List<AlertRouter.Route> routes = router.route(alert);
        if (routes.isEmpty()) {
            return List.of(outcome(alert, null, null, null, AlertStore.Outcome.NO_RULE, null, "no rule"));
        }
        List<AlertOutcome> out = new ArrayList<>();
        for (AlertRouter.Route route : routes) {
            if (route.problem() != null) {
                out.add(outcome(alert, route.rule(), route.runbook(), route.cluster(), AlertStore.Outcome.REJECTED,
                        null, route.problem()));
                continue;
            }
            if (AUTOFLIP.equals(route.runbook())) {
                route = withKnownBrokenReplication(route);
            }
            try {
                RunService.StartedRun run = runs.start(route.runbook(), route.cluster(), route.variables(),
                        "alert " + alert.source() + " " + alert.name() + ": " + alert.summary(),
                        new RunService.AutoStart(alert.fingerprint(), properties.antiFlap()));
                log.info("Alert {} from {} started {} on {}: run {}", alert.name(), alert.source(), route.runbook(),
                        route.cluster(), run.id());
                out.add(outcome(alert, route.rule(), route.runbook(), route.cluster(), route.variables(), AlertStore.Outcome.STARTED,
                        run.id(), null));
            } catch (RunRefusedException refused) {
                AlertStore.Outcome o = switch (refused.reason()) {
                    case DUPLICATE -> AlertStore.Outcome.DEDUPLICATED;
                    case BUSY -> AlertStore.Outcome.BUSY;
                    case ANTI_FLAP -> AlertStore.Outcome.ANTI_FLAP;
                };
                out.add(outcome(alert, route.rule(), route.runbook(), route.cluster(), route.variables(), o,
                        refused.runId(),
                        refused.getMessage()));
            } catch (ApiException invalid) {
                out.add(outcome(alert, route.rule(), route.runbook(), route.cluster(), AlertStore.Outcome.REJECTED,
                        null, invalid.getMessage() + (invalid.details().isEmpty() ? ""
                                : ": " + String.join("; ", invalid.details()))));
            }
        }
        return out;
    }

    /**
     * The seed's autoflip procedure repairs broken replication of the service first: when a broken-replication alert
     * for it is still firing, the run is told which repair runbook to call.
     */
    private AlertRouter.Route withKnownBrokenReplication(AlertRouter.Route route) {
        Object service = route.variables().get("service");
        if (service == null || route.variables().containsKey("repairRunbook")) {
            return route;
        }
        for (Map<String, Object> firing : store.firingFor(route.cluster(), REPAIRS, Instant.now().minus(REPAIR_WINDOW))) {
            Map<?, ?> vars = (Map<?, ?>) firing.get("variables");
            if (service.equals(vars.get("service")) && vars.get("instance") != null) {
                Map<String, Object> variables = new java.util.LinkedHashMap<>(route.variables());
                variables.put("repairRunbook", firing.get("runbook"));
                variables.put("repairService", vars.get("service"));
                variables.put("repairInstance", vars.get("instance"));
                log.info("Broken replication of {} is still alerting: {} will call {} first", service, AUTOFLIP,
                        firing.get("runbook"));
                return new AlertRouter.Route(route.rule(), route.runbook(), route.cluster(), variables, route.problem());
            }
        }
        return route;
    }

    private AlertOutcome resolved(IncomingAlert alert) {
        List<ProcessInstance> active = alert.fingerprint() == null ? List.of() : runtime.createProcessInstanceQuery()
                .variableValueEquals(RunService.ALERT_FINGERPRINT, alert.fingerprint()).list();
        if (active.isEmpty()) {
            return outcome(alert, null, null, null, AlertStore.Outcome.RESOLVED, null, "no active run of this alert");
        }
        ProcessInstance run = active.get(0);
        String note = "Alert resolved at " + Instant.now() + " (" + alert.source() + "): " + alert.summary();
        runtime.setVariable(run.getId(), "alertResolved", note);
        List<Task> open = tasks.createTaskQuery().processInstanceBusinessKey(run.getBusinessKey()).list();
        for (Task task : open) {
            tasks.createComment(task.getId(), task.getProcessInstanceId(), note);
        }
        return outcome(alert, null, null, run.getBusinessKey(), AlertStore.Outcome.RESOLVED_ATTACHED, run.getId(),
                "attached to run " + run.getId() + (open.isEmpty() ? "" : " and commented on " + open.size()
                        + " open task(s)"));
    }

    private AlertOutcome outcome(IncomingAlert alert, String rule, String runbook, String cluster,
                                 AlertStore.Outcome outcome, String runId, String detail) {
        return outcome(alert, rule, runbook, cluster, Map.of(), outcome, runId, detail);
    }

    private AlertOutcome outcome(IncomingAlert alert, String rule, String runbook, String cluster,
                                 Map<String, Object> variables, AlertStore.Outcome outcome, String runId, String detail) {
        long id = store.record(alert, rule, runbook, cluster, variables, outcome, runId, detail);
        return new AlertOutcome(id, alert.fingerprint(), outcome, runbook, cluster, runId, detail);
    }
}
