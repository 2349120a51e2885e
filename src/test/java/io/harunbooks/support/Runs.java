package io.harunbooks.support;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;

import java.util.List;

/**
 * Deleting runs in tests whose application runs the job executor: it may be working on the run at that moment, and
 * the delete then fails with an optimistic-locking conflict or, on PostgreSQL, with a persistence error (a foreign key
 * or a deadlock between the delete and the job's flush). Such deletes are tried again (up to five seconds). They skip
 * the activities' output mappings, as Cockpit's "skip IO mappings" does: a run cut in mid-step has no outputs yet.
 */
public final class Runs {

    private Runs() {
    }

    /** Deletes one run, if it still exists. */
    public static void delete(RuntimeService runtime, String processInstanceId, String reason) {
        retrying(() -> runtime.deleteProcessInstanceIfExists(processInstanceId, reason, false, true, true, false));
    }

    /** Deletes every run a test left behind. */
    public static void deleteAll(RuntimeService runtime) {
        retrying(() -> {
            List<ProcessInstance> left = runtime.createProcessInstanceQuery().rootProcessInstances().list();
            for (ProcessInstance pi : left) {
                runtime.deleteProcessInstanceIfExists(pi.getId(), "test cleanup", false, true, true, false);
            }
        });
    }

    private static void retrying(Runnable delete) {
        for (int attempt = 1; ; attempt++) {
            try {
                delete.run();
                return;
            } catch (OptimisticLockingException | ProcessEnginePersistenceException e) {
                if (attempt == 50) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
