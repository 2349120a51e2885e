package io.harunbooks.engine;

/**
 * A technical failure that retrying cannot fix (a changed host key, a variable that fails validation): the job's
 * retries are set to zero at once, so it becomes an incident for a person with this message.
 */
public class NonRetriableException extends RuntimeException {

    public NonRetriableException(String message) {
        super(message);
    }

    public NonRetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    public static boolean isCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof NonRetriableException) {
                return true;
            }
        }
        return false;
    }
}
