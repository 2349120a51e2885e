package io.harunbooks.ssh;

import io.harunbooks.inventory.Host;

import java.time.Duration;

/** Runs one command on one host and returns what it did; technical failures are exceptions. */
public interface CommandRunner {

    /**
     * @param stdin text sent to the command's standard input, which is then closed (empty: just closed), so a
     *              script that prompts reads its answers from it
     */
    CommandResult run(Host host, String command, String stdin, Duration timeout);

    default CommandResult run(Host host, String command, Duration timeout) {
        return run(host, command, "", timeout);
    }
}
