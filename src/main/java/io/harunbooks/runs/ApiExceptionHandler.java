package io.harunbooks.runs;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Errors of {@code /api} as JSON: {@code {"error": "...", "details": [...]}}. */
@RestControllerAdvice(basePackages = "io.harunbooks")
class ApiExceptionHandler {

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e) {
        return body(e.status(), e.getMessage(), e.details());
    }

    /** The engine refused the current user (Camunda authorization): 403 with the engine's explanation. */
    @ExceptionHandler(org.camunda.bpm.engine.AuthorizationException.class)
    ResponseEntity<Map<String, Object>> forbidden(org.camunda.bpm.engine.AuthorizationException e) {
        return body(HttpStatus.FORBIDDEN, "not allowed: " + e.getMessage(), List.of());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        String cause = e.getMostSpecificCause().getMessage();
        return body(HttpStatus.BAD_REQUEST, "request body is not valid JSON of the expected shape",
                List.of(cause == null ? e.getMessage() : cause.lines().findFirst().orElse(cause)));
    }

    static ResponseEntity<Map<String, Object>> body(HttpStatus status, String error, List<String> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.value());
        body.put("error", error);
        if (!details.isEmpty()) {
            body.put("details", details);
        }
        return ResponseEntity.status(status).body(body);
    }
}
