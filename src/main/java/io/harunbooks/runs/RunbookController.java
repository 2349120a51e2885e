package io.harunbooks.runs;

import io.harunbooks.audit.CommandJournal;
import io.harunbooks.audit.JournalEntry;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runbooks over REST: list them, start one on a cluster, read a run's command journal. */
@RestController
@RequestMapping("/api")
class RunbookController {

    private final RunbookCatalog catalog;
    private final RunService runs;
    private final CommandJournal journal;
    private final HistoryService history;
    private final io.harunbooks.audit.RunReport reports;

    RunbookController(RunbookCatalog catalog, RunService runs, CommandJournal journal, HistoryService history,
                      io.harunbooks.audit.RunReport reports) {
        this.catalog = catalog;
        this.runs = runs;
        this.journal = journal;
        this.history = history;
        this.reports = reports;
    }

    /** {@code dryRun}: plan mode (read-only steps run, changing commands are only journaled as planned). */
    record StartRequest(String cluster, Map<String, Object> variables, Boolean dryRun) {
    }

    record StartResponse(String id, String runbook, String cluster, String startedBy, String cockpit,
                         String journal, String report) {
    }

    @GetMapping("/runbooks")
    List<RunbookDefinition> list() {
        return catalog.list();
    }

    @PostMapping("/runbooks/{key}/runs")
    ResponseEntity<StartResponse> start(@PathVariable String key, @RequestBody(required = false) StartRequest request) {
        if (request == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "a JSON body {\"cluster\": …, \"variables\": {…}, \"dryRun\": false} is required");
        }
        RunService.StartedRun run = runs.start(key, request.cluster(), request.variables(), "api", null,
                Boolean.TRUE.equals(request.dryRun()));
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        URI location = URI.create(base + "/api/runs/" + run.id());
        return ResponseEntity.created(location).body(new StartResponse(run.id(), run.runbook(), run.cluster(),
                run.startedBy(), base + "/camunda/app/cockpit/default/#/process-instance/" + run.id() + "/runtime",
                base + "/api/runs/" + run.id() + "/journal", base + "/api/runs/" + run.id() + "/report"));
    }

    @GetMapping("/runs/{id}/journal")
    List<JournalEntry> journal(@PathVariable String id) {
        HistoricProcessInstance run = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
        if (run == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "no run '" + id + "'");
        }
        return journal.forProcessInstances(withCalledRuns(id));
    }

    /**
     * The run's report: Markdown ({@code ?format=md}, or {@code Accept: text/markdown}) or HTML (the default for
     * browsers: {@code ?format=html} or {@code Accept: text/html}).
     */
    @GetMapping("/runs/{id}/report")
    ResponseEntity<String> report(@PathVariable String id,
                                  @org.springframework.web.bind.annotation.RequestParam(required = false) String format,
                                  @org.springframework.web.bind.annotation.RequestHeader(value = "Accept",
                                          required = false) String accept) {
        io.harunbooks.audit.RunReport.Report report = reports.of(id)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no run '" + id + "'"));
        boolean html = format != null ? format.equals("html")
                : accept != null && accept.contains("text/html");
        if (format != null && !format.equals("html") && !format.equals("md")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "format must be md or html, not '" + format + "'");
        }
        return html
                ? ResponseEntity.ok().contentType(new org.springframework.http.MediaType("text", "html",
                        java.nio.charset.StandardCharsets.UTF_8)).body(reports.html(report))
                : ResponseEntity.ok().contentType(new org.springframework.http.MediaType("text", "markdown",
                        java.nio.charset.StandardCharsets.UTF_8)).body(reports.markdown(report));
    }

    private List<String> withCalledRuns(String id) {
        List<String> ids = new ArrayList<>(List.of(id));
        for (int i = 0; i < ids.size(); i++) {
            history.createHistoricProcessInstanceQuery().superProcessInstanceId(ids.get(i)).list()
                    .forEach(sub -> ids.add(sub.getId()));
        }
        return ids;
    }
}
