package io.harunbooks.inventory;

/** A (cluster, role or host) that does not name exactly one host: a readable incident, never a guess. */
public class UnresolvableTargetException extends RuntimeException {

    public UnresolvableTargetException(String message) {
        super(message);
    }
}
