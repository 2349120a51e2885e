package io.harunbooks.ssh;

import io.harunbooks.engine.NonRetriableException;

/** The host presented a key the known-hosts file does not vouch for. Never retried: a person must look. */
public class HostKeyVerificationException extends NonRetriableException {

    public HostKeyVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
