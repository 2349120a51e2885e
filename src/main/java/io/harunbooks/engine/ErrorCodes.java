package io.harunbooks.engine;

/** BPMN error codes the models catch; one place, used by delegates and asserted in tests. */
public final class ErrorCodes {

    /** A command exited non-zero. */
    public static final String COMMAND_FAILED = "Error_CommandFailed";
    /** A command's output did not match the step's expected pattern. */
    public static final String UNEXPECTED_OUTPUT = "Error_UnexpectedOutput";
    /** No host of the target could be reached (only where the step says {@code unreachable=error}). */
    public static final String HOST_UNREACHABLE = "Error_HostUnreachable";

    private ErrorCodes() {
    }
}
