package io.harunbooks.sql;

import io.harunbooks.audit.CommandJournal;
import io.harunbooks.audit.DecisionRecorder;
import io.harunbooks.audit.JournalEntry;
import io.harunbooks.engine.Inputs;
import io.harunbooks.engine.NonRetriableException;
import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Database;
import io.harunbooks.inventory.Inventory;
import io.harunbooks.inventory.UnresolvableTargetException;
import io.harunbooks.mysql.ReplicaStatusQuery;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The SQL query step, configured by input parameters: {@code database} (a database name, or the inventory host the
 * database runs on, in the run's cluster), {@code query} (a named query, e.g. {@value ReplicaStatusQuery#NAME}),
 * optional {@code ifMissing} ({@code incident}, the default: no such database is an incident at once; {@code skip}:
 * the result is the query's {@link NamedQuery#skipped()}, e.g. a replica status with {@code checked()} false, for checks that apply only where the inventory names a database)
 * and {@code timeout} (ISO-8601, default {@code runbooks.sql.query-timeout}). Sets the transient local variable
 * {@code result} (the query's typed result); the model maps what it needs with output parameters. Every query is
 * journaled ({@value JournalEntry#QUERY}); a failure (connect, authentication, timeout) is an exception: retries,
 * then an incident naming database, host and cause.
 */
@Component("sqlQuery")
public class SqlQueryDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SqlQueryDelegate.class);

    private final Inventory inventory;
    private final ClusterDataSources dataSources;
    private final SqlQueries queries;
    private final CommandJournal journal;

    public SqlQueryDelegate(Inventory inventory, ClusterDataSources dataSources, SqlQueries queries,
                            CommandJournal journal) {
        this.inventory = inventory;
        this.dataSources = dataSources;
        this.queries = queries;
        this.journal = journal;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Inputs in = Inputs.of(execution);
        String target = in.requireString("database");
        NamedQuery<?> query = queries.get(in.requireString("query"));
        boolean skipMissing = ifMissing(in, execution);
        Duration timeout = in.optionalDuration("timeout").orElse(dataSources.properties().queryTimeout());
        String clusterName = in.cluster();
        Cluster cluster;
        try {
            cluster = inventory.requireCluster(clusterName);
        } catch (UnresolvableTargetException e) {
            throw new NonRetriableException(e.getMessage(), e);
        }
        Optional<Database> found = cluster.database(target);
        if (found.isEmpty()) {
            if (skipMissing) {
                log.info("{}: no database '{}' in cluster {}; step skipped (ifMissing=skip)", query.name(), target,
                        clusterName);
                execution.setVariableLocal("result", Variables.objectValue(query.skipped(), true).create());
                return;
            }
            throw new NonRetriableException("database '" + target + "' is neither a database name nor the host of a "
                    + "database in cluster '" + clusterName + "' (databases: "
                    + cluster.databases().stream().map(Database::name).toList() + ")");
        }
        Database db = found.get();
        Object approver = execution.getVariable(DecisionRecorder.LAST_DECISION_BY);
        String actor = approver == null ? null : approver.toString();

        MDC.put("host", db.host());
        Instant started = Instant.now();
        NamedQuery.Outcome<?> outcome;
        try {
            outcome = dataSources.query(db, timeout, c -> query.run(c, timeout));
        } catch (RuntimeException e) {
            journal.append(new JournalEntry(0, JournalEntry.QUERY, execution.getProcessInstanceId(), clusterName,
                    execution.getCurrentActivityId(), db.host(), command(query.name(), db, query.statement()), started,
                    Duration.between(started, Instant.now()).toMillis(), null, null, null, e.getMessage(), actor));
            log.info("{} failed: {}", command(query.name(), db, query.statement()), e.getMessage());
            if (e instanceof SqlQueryException || e instanceof NonRetriableException) {
                throw e;
            }
            throw new SqlQueryException(query.name() + " on database " + db.name() + " on host " + db.host() + ": "
                    + e.getMessage());
        } finally {
            MDC.remove("host");
        }
        long ms = Duration.between(started, Instant.now()).toMillis();
        io.micrometer.core.instrument.Metrics.timer("runbooks.step.duration", "type", "sql-query")
                .record(Duration.ofMillis(ms));
        String command = command(query.name(), db, outcome.statement());
        journal.append(new JournalEntry(0, JournalEntry.QUERY, execution.getProcessInstanceId(), clusterName,
                execution.getCurrentActivityId(), db.host(), command, started, ms, null, outcome.summary(), null, null,
                actor));
        log.info("{} ({} ms): {}", command, ms, outcome.summary());
        execution.setVariableLocal("result", Variables.objectValue(outcome.value(), true).create());
    }

    private static String command(String query, Database db, String statement) {
        return query + " on " + db.name() + ": " + statement;
    }

    private static boolean ifMissing(Inputs in, DelegateExecution execution) {
        String value = in.optionalString("ifMissing").orElse("incident");
        return switch (value) {
            case "incident" -> false;
            case "skip" -> true;
            default -> throw new NonRetriableException("input parameter 'ifMissing' of activity '"
                    + execution.getCurrentActivityId() + "' must be 'incident' or 'skip' but was '" + value + "'");
        };
    }
}
