package io.harunbooks.runs;

import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Inventory;
import jakarta.annotation.PostConstruct;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Starts runbooks: one active run per cluster (the business key), checked under a row lock on the cluster so two
 * requests, even on two application nodes, cannot both start.
 */
@Service
public class RunService {

    /** Process variable holding the fingerprint of the alert that started a run. */
    public static final String ALERT_FINGERPRINT = "alertFingerprint";
    /** Variable of a plan-mode run: changing commands are journaled as planned, never sent. */
    public static final String DRY_RUN = "dryRun";
    /** Business-key prefix of plan-mode runs. */
    public static final String PLAN_PREFIX = "plan:";

    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final RunbookCatalog catalog;
    private final Inventory inventory;
    private final RuntimeService runtime;
    private final IdentityService identity;
    private final JdbcTemplate jdbc;
    private final HistoryService history;

    public RunService(RunbookCatalog catalog, Inventory inventory, RuntimeService runtime, IdentityService identity,
                      JdbcTemplate jdbc, HistoryService history) {
        this.history = history;
        this.catalog = catalog;
        this.inventory = inventory;
        this.runtime = runtime;
        this.identity = identity;
        this.jdbc = jdbc;
    }

    @PostConstruct
    void createLockTable() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS RB_CLUSTER_LOCK (CLUSTER VARCHAR(255) PRIMARY KEY)");
    }

    public record StartedRun(String id, String runbook, String cluster, String startedBy) {
    }

    /**
     * What an automatic start (from an alert) must also respect, checked under the cluster's lock.
     *
     * @param fingerprint the alert's identity: no second run while the run it started is active
     * @param antiFlap    no automatic run of the same runbook on the cluster within this period after the last one
     */
    public record AutoStart(String fingerprint, Duration antiFlap) {
    }

    /** Starts a run asked for by a person (or an API client): only one active run per cluster. */
    @Transactional
    public StartedRun start(String key, String clusterName, Map<String, Object> variables, String trigger) {
        return start(key, clusterName, variables, trigger, null);
    }

    /**
     * Starts a run; with {@code auto} also refuses a duplicate alert and a start within the anti-flap period.
     * Refusals are {@link RunRefusedException}s, invalid input {@link ApiException}s with status 400 or 404.
     */
    @Transactional
    public StartedRun start(String key, String clusterName, Map<String, Object> variables, String trigger,
                            AutoStart auto) {
        return start(key, clusterName, variables, trigger, auto, false);
    }

    /**
     * Starts a run, or with {@code dryRun} a plan: read-only steps run for real, changing commands are journaled as
     * planned and not sent (see {@link #DRY_RUN}). A plan does not occupy its cluster: its business key is
     * {@code plan:<cluster>}, and real runs may start beside it.
     */
    @Transactional
    public StartedRun start(String key, String clusterName, Map<String, Object> variables, String trigger,
                            AutoStart auto, boolean dryRun) {
        RunbookDefinition runbook = catalog.find(key)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no runbook '" + key + "'",
                        List.of("known runbooks: " + catalog.list().stream().map(RunbookDefinition::key).toList())));
        List<String> problems = new ArrayList<>();
        Cluster cluster = null;
        if (clusterName == null || clusterName.isBlank()) {
            problems.add("'cluster' is required");
        } else if (!CLUSTER_NAME.matcher(clusterName).matches()) {
            problems.add("'cluster' = '" + clusterName + "' is not a valid cluster name");
        } else {
            cluster = inventory.cluster(clusterName).orElse(null);
            if (cluster == null) {
                problems.add("cluster '" + clusterName + "' is not in the inventory (known: "
                        + inventory.clusters().stream().map(Cluster::name).toList() + ")");
            }
        }
        Map<String, Object> accepted = cluster == null ? Map.of()
                : StartVariablesValidator.validate(runbook, cluster, variables == null ? Map.of() : variables, problems);
        if (!problems.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "cannot start runbook '" + key + "'", problems);
        }

        if (dryRun) {
            Map<String, Object> vars = new HashMap<>(accepted);
            vars.put("cluster", clusterName);
            vars.put("startedBy", startedBy());
            vars.put("trigger", trigger);
            vars.put(DRY_RUN, true);
            ProcessInstance pi = runtime.createProcessInstanceByKey(key).businessKey(PLAN_PREFIX + clusterName)
                    .setVariables(vars).execute();
            linkReport(pi.getId());
            return new StartedRun(pi.getId(), key, clusterName, startedBy());
        }
        lockCluster(clusterName);
        if (auto != null && auto.fingerprint() != null) {
            ProcessInstance same = runtime.createProcessInstanceQuery()
                    .variableValueEquals(ALERT_FINGERPRINT, auto.fingerprint()).list().stream().findFirst().orElse(null);
            if (same != null) {
                throw new RunRefusedException(RunRefusedException.Reason.DUPLICATE, same.getId(),
                        "alert " + auto.fingerprint() + " already started run " + same.getId(), List.of());
            }
        }
        List<ProcessInstance> active = runtime.createProcessInstanceQuery().processInstanceBusinessKey(clusterName)
                .list();
        if (!active.isEmpty()) {
            throw new RunRefusedException(RunRefusedException.Reason.BUSY, active.get(0).getId(),
                    "a runbook is already active on cluster '" + clusterName + "'",
                    active.stream().map(pi -> "run " + pi.getId() + " (" + pi.getProcessDefinitionId() + ")").toList());
        }
        if (auto != null && auto.antiFlap() != null && !auto.antiFlap().isZero()) {
            Date since = new Date(ClockUtil.getCurrentTime().getTime() - auto.antiFlap().toMillis());
            HistoricProcessInstance recent = history.createHistoricProcessInstanceQuery().processDefinitionKey(key)
                    .processInstanceBusinessKey(clusterName).startedAfter(since).orderByProcessInstanceStartTime()
                    .desc().listPage(0, 1).stream().findFirst().orElse(null);
            if (recent != null) {
                throw new RunRefusedException(RunRefusedException.Reason.ANTI_FLAP, recent.getId(),
                        "runbook '" + key + "' ran on cluster '" + clusterName + "' at " + recent.getStartTime()
                                + ", within the anti-flap period of " + auto.antiFlap()
                                + "; start it by hand if it must run again", List.of());
            }
        }
        String startedBy = startedBy();
        Map<String, Object> vars = new HashMap<>(accepted);
        vars.put("cluster", clusterName);
        vars.put("startedBy", startedBy);
        vars.put("trigger", trigger);
        if (auto != null && auto.fingerprint() != null) {
            vars.put(ALERT_FINGERPRINT, auto.fingerprint());
        }
        ProcessInstance pi = runtime.createProcessInstanceByKey(key).businessKey(clusterName).setVariables(vars)
                .execute();
        linkReport(pi.getId());
        return new StartedRun(pi.getId(), key, clusterName, startedBy);
    }

    /** Variable {@value #RUN_REPORT}: the run's report, shown in Cockpit's variables and the task forms. */
    public static final String RUN_REPORT = "runReport";

    private void linkReport(String runId) {
        if (runtime.createProcessInstanceQuery().processInstanceId(runId).count() > 0) {
            runtime.setVariable(runId, RUN_REPORT, "/api/runs/" + runId + "/report?format=html");
        }
    }

    private String startedBy() {
        Authentication auth = identity.getCurrentAuthentication();
        return auth == null ? "system" : auth.getUserId();
    }

    private void lockCluster(String cluster) {
        try {
            jdbc.update("INSERT INTO RB_CLUSTER_LOCK (CLUSTER) SELECT ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM RB_CLUSTER_LOCK WHERE CLUSTER = ?)", cluster, cluster);
        } catch (DuplicateKeyException raced) {
            // another request inserted the row first: the SELECT FOR UPDATE below waits for it
        }
        jdbc.queryForObject("SELECT CLUSTER FROM RB_CLUSTER_LOCK WHERE CLUSTER = ? FOR UPDATE", String.class, cluster);
    }
}
