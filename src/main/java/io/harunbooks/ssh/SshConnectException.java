package io.harunbooks.ssh;

/** The host could not be reached or refused the login: nothing was sent to it, so another host may be tried. */
public class SshConnectException extends SshException {

    public SshConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
