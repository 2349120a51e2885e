package io.harunbooks.runs;

import org.springframework.http.HttpStatus;

import java.util.List;

/** A run that was not started because of the cluster's state: another run, the same alert, or the anti-flap block. */
public class RunRefusedException extends ApiException {

    public enum Reason {
        /** a runbook is already active on the cluster */
        BUSY,
        /** the same alert (fingerprint) already started the run that is still active */
        DUPLICATE,
        /** the same runbook ran on the cluster within the anti-flap period */
        ANTI_FLAP
    }

    private final Reason reason;
    private final String runId;

    public RunRefusedException(Reason reason, String runId, String message, List<String> details) {
        super(HttpStatus.CONFLICT, message, details);
        this.reason = reason;
        this.runId = runId;
    }

    public Reason reason() {
        return reason;
    }

    /** The run that blocks this one. */
    public String runId() {
        return runId;
    }
}
