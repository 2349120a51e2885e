package io.harunbooks.ssh;

/** A technical SSH failure (connect, authentication, timeout, dropped connection); retried as a job. */
public class SshException extends RuntimeException {

    public SshException(String message, Throwable cause) {
        super(message, cause);
    }
}
