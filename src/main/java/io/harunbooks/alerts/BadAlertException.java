package io.harunbooks.alerts;

/** The body is not what the source's format says: answered 400 with this message, nothing recorded as started. */
public class BadAlertException extends RuntimeException {

    public BadAlertException(String message) {
        super(message);
    }
}
