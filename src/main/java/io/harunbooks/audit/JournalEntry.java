package io.harunbooks.audit;

import java.time.Instant;

/**
 * One row of the command journal: a command that ran on a host, or a decision a person made.
 *
 * @param kind       {@code COMMAND}, {@code QUERY} (a named SQL query on a database), {@code DECISION},
 *                   {@code PLANNED} or {@code GUARD} (a guard's decision before a destructive drbdadm step)
 * @param host       inventory host name (commands)
 * @param command    the command as sent, secrets masked; for decisions the task's name
 * @param exitCode   exit status, null when the command did not complete (connect failure, timeout)
 * @param stdout     bounded standard output; for decisions the values the person submitted
 * @param error      why the command did not complete, null otherwise
 * @param actor      the person who completed the preceding decision (commands) or who decided (decisions)
 */
public record JournalEntry(long id, String kind, String processInstanceId, String cluster, String activityId,
                           String host, String command, Instant startedAt, long durationMs, Integer exitCode,
                           String stdout, String stderr, String error, String actor) {

    public static final String COMMAND = "COMMAND";
    public static final String DECISION = "DECISION";
    /** Plan mode: a changing command that would have run on {@code host}, not sent. */
    public static final String PLANNED = "PLANNED";
    /** A named SQL query; {@code host} is the database's host, {@code stdout} the result's summary. */
    public static final String QUERY = "QUERY";
    /** A guard's decision about a destructive step on {@code host} ({@code command}); {@code stdout} says why. */
    public static final String GUARD = "GUARD";
}
