package io.harunbooks.runs;

import org.springframework.http.HttpStatus;

import java.util.List;

/** A request the API refuses, with the HTTP status and every reason. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<String> details;

    public ApiException(HttpStatus status, String message, List<String> details) {
        super(message);
        this.status = status;
        this.details = List.copyOf(details);
    }

    public ApiException(HttpStatus status, String message) {
        this(status, message, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public List<String> details() {
        return details;
    }
}
