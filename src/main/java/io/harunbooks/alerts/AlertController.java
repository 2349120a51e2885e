package io.harunbooks.alerts;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Webhooks of the alerting systems (bearer token per source, checked by {@link AlertTokenFilter}) and the record of
 * received alerts (HTTP basic like the rest of {@code /api}).
 */
@RestController
@RequestMapping("/api/alerts")
class AlertController {

    private final AlertIntake intake;
    private final AlertStore store;
    private final AlertPayloads payloads = new AlertPayloads();

    AlertController(AlertIntake intake, AlertStore store) {
        this.intake = intake;
        this.store = store;
    }

    @PostMapping("/alertmanager")
    ResponseEntity<Map<String, Object>> alertmanager(@RequestBody(required = false) String body) {
        return receive("alertmanager", body, payloads::alertmanager);
    }

    @PostMapping("/zabbix")
    ResponseEntity<Map<String, Object>> zabbix(@RequestBody(required = false) String body) {
        return receive("zabbix", body, payloads::zabbix);
    }

    @PostMapping("/checkmk")
    ResponseEntity<Map<String, Object>> checkmk(@RequestBody(required = false) String body) {
        return receive("checkmk", body, payloads::checkmk);
    }

    @GetMapping
    List<AlertStore.AlertRecord> list(@RequestParam(defaultValue = "100") int limit) {
        return store.recent(limit);
    }

    private ResponseEntity<Map<String, Object>> receive(String source, String body,
                                                        Function<String, List<IncomingAlert>> parser) {
        List<IncomingAlert> alerts;
        try {
            alerts = parser.apply(body);
        } catch (BadAlertException e) {
            intake.rejectedRequest(source, e.getMessage());
            throw e;
        }
        List<AlertIntake.AlertOutcome> outcomes = intake.receive(alerts);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", alerts.size());
        answer.put("alerts", outcomes);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }

    @ExceptionHandler(BadAlertException.class)
    ResponseEntity<Map<String, Object>> bad(BadAlertException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", 400);
        body.put("error", e.getMessage());
        return ResponseEntity.badRequest().body(body);
    }
}
