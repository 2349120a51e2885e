package io.harunbooks.lab;

/**
 * What a simulated host answers to one command line: exit status, standard output and standard error.
 *
 * @param exit   exit status as the shell would report it
 * @param stdout standard output, lines ending in {@code \n}
 * @param stderr standard error, lines ending in {@code \n}
 */
public record LabAnswer(int exit, String stdout, String stderr) {

    /** Exit status of a shell for a command it cannot find. */
    public static final int NOT_FOUND = 127;

    public LabAnswer {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public static LabAnswer ok(String stdout) {
        return new LabAnswer(0, stdout, "");
    }

    public static LabAnswer fail(int exit, String stderr) {
        return new LabAnswer(exit, "", stderr);
    }

    /**
     * What {@code sh -c} says for a command it does not know: {@code sh: 1: <first word>: not found}, exit 127.
     * The simulations answer this for every command line they do not model, so a typo in a runbook fails.
     */
    public static LabAnswer notFound(String commandLine) {
        String trimmed = commandLine == null ? "" : commandLine.trim();
        String first = trimmed.isEmpty() ? "" : trimmed.split("\\s+", 2)[0];
        return fail(NOT_FOUND, "sh: 1: " + first + ": not found\n");
    }

    public boolean succeeded() {
        return exit == 0;
    }
}
