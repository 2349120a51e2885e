package io.harunbooks.engine;

import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.cmd.JobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

/**
 * The engine's retry handling, except that a {@link NonRetriableException} anywhere in the cause chain ends the
 * retries at once: the job becomes an incident carrying the exception's message.
 */
final class RetryPolicyJobCommandFactory implements FailedJobCommandFactory {

    @Override
    public Command<Object> getCommand(String jobId, Throwable exception) {
        if (NonRetriableException.isCause(exception)) {
            return new NoRetryCmd(jobId, exception);
        }
        return new DefaultJobRetryCmd(jobId, exception);
    }

    private static final class NoRetryCmd extends JobRetryCmd {

        NoRetryCmd(String jobId, Throwable exception) {
            super(jobId, exception);
        }

        @Override
        public Object execute(CommandContext commandContext) {
            JobEntity job = getJob();
            if (job == null) {
                return null;
            }
            job.unlock();
            logException(job);
            job.setRetries(0);
            notifyAcquisition(commandContext);
            return null;
        }
    }
}
