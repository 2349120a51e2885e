package io.harunbooks.audit;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The report of one run, for people: the runbook, the trigger (alert or person), a timeline of every step (host,
 * command, duration, exit code, output excerpt), every decision with who made it and the values submitted, planned
 * commands of a plan, incidents, and the outcome. Built from the engine's history and the journal; rendered as
 * Markdown or HTML.
 */
@Component
public class RunReport {

    static final int EXCERPT = 600;

    private final HistoryService history;
    private final CommandJournal journal;

    public RunReport(HistoryService history, CommandJournal journal) {
        this.history = history;
        this.journal = journal;
    }

    /** The facts of a run, in order. */
    public record Report(String runId, String runbook, String runbookName, String cluster, String trigger,
                         String startedBy, boolean plan, Instant started, Instant ended, String state,
                         String outcome, String endEvent, List<Step> steps, List<String> incidents) {
    }

    /**
     * One line of the timeline: an activity of the run (or of a run it called) with the journal entries written by it.
     */
    public record Step(Instant at, String activity, String type, Long durationMs, List<JournalEntry> entries) {
    }

    /** The report of a run (and of the runs it called), or empty if there is no such run (or the user may not see it). */
    public Optional<Report> of(String runId) {
        HistoricProcessInstance run = history.createHistoricProcessInstanceQuery().processInstanceId(runId)
                .singleResult();
        if (run == null) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>(List.of(runId));
        for (int i = 0; i < ids.size(); i++) {
            history.createHistoricProcessInstanceQuery().superProcessInstanceId(ids.get(i)).list()
                    .forEach(sub -> ids.add(sub.getId()));
        }
        Map<String, Object> vars = new TreeMap<>();
        history.createHistoricVariableInstanceQuery().processInstanceId(runId).list()
                .forEach((HistoricVariableInstance v) -> vars.put(v.getName(), v.getValue()));

        List<JournalEntry> entries = journal.forProcessInstances(ids);
        List<Step> steps = new ArrayList<>();
        List<HistoricActivityInstance> activities = new ArrayList<>();
        for (String id : ids) {
            activities.addAll(history.createHistoricActivityInstanceQuery().processInstanceId(id)
                    .orderPartiallyByOccurrence().asc().list());
        }
        activities.sort(Comparator.comparing(HistoricActivityInstance::getStartTime)); // stable: occurrence kept
        List<JournalEntry> unplaced = new ArrayList<>(entries);
        for (HistoricActivityInstance a : activities) {
            if (a.getActivityType().endsWith("Gateway") || a.getActivityType().equals("sequenceFlow")) {
                continue;
            }
            List<JournalEntry> mine = unplaced.stream().filter(e -> a.getActivityId().equals(e.activityId())
                    && a.getProcessInstanceId().equals(e.processInstanceId())).toList();
            unplaced.removeAll(mine);
            steps.add(new Step(a.getStartTime().toInstant(), label(a), a.getActivityType(), a.getDurationInMillis(),
                    mine));
        }
        if (!unplaced.isEmpty()) {
            steps.add(new Step(unplaced.get(0).startedAt(), "(steps whose attempts were rolled back)", "journal", null,
                    unplaced));
        }
        List<String> incidents = new ArrayList<>();
        for (String id : ids) {
            for (HistoricIncident i : history.createHistoricIncidentQuery().processInstanceId(id).list()) {
                incidents.add(i.getCreateTime().toInstant() + " " + i.getActivityId() + ": " + i.getIncidentMessage()
                        + (i.isResolved() ? " (resolved)" : i.isDeleted() ? " (deleted)" : " (open)"));
            }
        }
        String trigger = Optional.ofNullable(vars.get("trigger")).map(Object::toString).orElse("?");
        return Optional.of(new Report(runId, run.getProcessDefinitionKey(),
                Optional.ofNullable(run.getProcessDefinitionName()).orElse(run.getProcessDefinitionKey()),
                Optional.ofNullable(vars.get("cluster")).map(Object::toString).orElse(run.getBusinessKey()),
                trigger, Optional.ofNullable(vars.get("startedBy")).map(Object::toString).orElse("?"),
                Boolean.TRUE.equals(vars.get("dryRun")), instant(run.getStartTime()), instant(run.getEndTime()),
                run.getState(), Optional.ofNullable(vars.get("outcome")).map(Object::toString).orElse(null),
                run.getEndActivityId(), steps, incidents));
    }

    private static String label(HistoricActivityInstance a) {
        return a.getActivityName() == null ? a.getActivityId() : a.getActivityName() + " (" + a.getActivityId() + ")";
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    /** The report as Markdown. */
    public String markdown(Report r) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(r.plan() ? "Plan: " : "Run: ").append(r.runbookName()).append('\n').append('\n');
        md.append("| | |\n|---|---|\n");
        row(md, "runbook", "`" + r.runbook() + "`");
        row(md, "run", "`" + r.runId() + "`");
        row(md, "cluster", r.cluster());
        row(md, "trigger", r.trigger() + " (started by " + r.startedBy() + ")");
        row(md, "started", String.valueOf(r.started()));
        row(md, "ended", r.ended() == null ? "still running" : r.ended().toString());
        row(md, "state", r.state());
        row(md, "outcome", (r.outcome() == null ? "–" : r.outcome()) + (r.endEvent() == null ? "" : " (" + r.endEvent() + ")"));
        md.append('\n').append("## Timeline\n\n");
        for (Step s : r.steps()) {
            md.append("- ").append(s.at()).append(" **").append(mdText(s.activity())).append("**")
                    .append(s.durationMs() == null ? "" : " (" + Duration.ofMillis(s.durationMs()) + ")").append('\n');
            for (JournalEntry e : s.entries()) {
                md.append("  - ").append(describe(e)).append('\n');
                String output = excerpt(e);
                if (!output.isEmpty()) {
                    md.append("\n    ```\n");
                    output.lines().forEach(l -> md.append("    ").append(l.replace("```", "ʼʼʼ")).append('\n'));
                    md.append("    ```\n\n");
                }
            }
        }
        md.append('\n').append("## Incidents\n\n");
        if (r.incidents().isEmpty()) {
            md.append("none\n");
        }
        r.incidents().forEach(i -> md.append("- ").append(mdText(i)).append('\n'));
        return md.toString();
    }

    /** The report as a self-contained HTML page (everything from the run escaped). */
    public String html(Report r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc((r.plan() ? "Plan: " : "Run: ") + r.runbookName())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}")
                .append("pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;margin:.3em 0}")
                .append(".COMMAND{color:#114}.DECISION{color:#060}.PLANNED{color:#a60}.QUERY{color:#116}")
                .append(".fail{color:#b00}</style></head><body>\n");
        h.append("<h1>").append(esc((r.plan() ? "Plan: " : "Run: ") + r.runbookName())).append("</h1>\n<table>\n");
        hrow(h, "runbook", r.runbook());
        hrow(h, "run", r.runId());
        hrow(h, "cluster", r.cluster());
        hrow(h, "trigger", r.trigger() + " (started by " + r.startedBy() + ")");
        hrow(h, "started", String.valueOf(r.started()));
        hrow(h, "ended", r.ended() == null ? "still running" : r.ended().toString());
        hrow(h, "state", r.state());
        hrow(h, "outcome", (r.outcome() == null ? "–" : r.outcome()) + (r.endEvent() == null ? "" : " (" + r.endEvent() + ")"));
        h.append("</table>\n<h2>Timeline</h2>\n<table id=\"timeline\">\n<tr><th>at</th><th>step</th><th>what happened</th></tr>\n");
        for (Step s : r.steps()) {
            h.append("<tr><td>").append(esc(String.valueOf(s.at()))).append("</td><td>").append(esc(s.activity()))
                    .append(s.durationMs() == null ? "" : "<br><small>" + esc(Duration.ofMillis(s.durationMs()).toString()) + "</small>")
                    .append("</td><td>");
            for (JournalEntry e : s.entries()) {
                boolean failed = e.error() != null || (e.exitCode() != null && e.exitCode() != 0);
                h.append("<div class=\"").append(esc(e.kind())).append(failed ? " fail" : "").append("\">")
                        .append(esc(describe(e))).append("</div>");
                String output = excerpt(e);
                if (!output.isEmpty()) {
                    h.append("<pre>").append(esc(output)).append("</pre>");
                }
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Incidents</h2>\n");
        if (r.incidents().isEmpty()) {
            h.append("<p>none</p>\n");
        } else {
            h.append("<ul>\n");
            r.incidents().forEach(i -> h.append("<li>").append(esc(i)).append("</li>\n"));
            h.append("</ul>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    static String describe(JournalEntry e) {
        return switch (e.kind()) {
            case JournalEntry.DECISION -> "decision by " + e.actor() + ": " + e.command()
                    + (e.stdout() == null || e.stdout().isBlank() ? "" : " — " + e.stdout().replace('\n', ' '));
            case JournalEntry.PLANNED -> "planned, not sent, on " + e.host() + ": " + e.command();
            case JournalEntry.QUERY -> "query on " + e.host() + ": " + e.command()
                    + (e.error() != null ? " — failed: " + e.error() : "");
            default -> e.host() + ": " + e.command()
                    + (e.durationMs() == CommandJournal.RUNNING ? " — running"
                    : e.exitCode() != null ? " — exit " + e.exitCode() + " in " + e.durationMs() + " ms" : "")
                    + (e.error() != null ? " — failed: " + e.error() : "")
                    + (e.actor() != null ? " (approved by " + e.actor() + ")" : "");
        };
    }

    private static String excerpt(JournalEntry e) {
        if (JournalEntry.DECISION.equals(e.kind())) {
            return "";
        }
        String out = (e.stdout() == null ? "" : e.stdout()) + (e.stderr() == null || e.stderr().isBlank() ? ""
                : (e.stdout() == null || e.stdout().isEmpty() ? "" : "\n") + e.stderr());
        out = out.strip();
        return out.length() <= EXCERPT ? out : out.substring(0, EXCERPT) + "\n… (" + (out.length() - EXCERPT)
                + " more characters in the journal)";
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(mdText(value)).append(" |\n");
    }

    private static String mdText(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static void hrow(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
