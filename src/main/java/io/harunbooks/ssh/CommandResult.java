package io.harunbooks.ssh;

import java.time.Duration;

/**
 * What one remote command did.
 *
 * @param host     inventory name of the host it ran on
 * @param command  the command line as sent
 * @param exit     exit status
 * @param stdout   standard output (bounded, see {@code runbooks.ssh.max-output-bytes})
 * @param stderr   standard error (bounded)
 * @param duration wall-clock time from sending to exit status
 */
public record CommandResult(String host, String command, int exit, String stdout, String stderr, Duration duration) {

    public boolean succeeded() {
        return exit == 0;
    }
}
