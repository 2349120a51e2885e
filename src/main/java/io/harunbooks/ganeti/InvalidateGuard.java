package io.harunbooks.ganeti;

import io.harunbooks.engine.NonRetriableException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;

import java.util.List;

/**
 * The Java guard of {@code drbdsetup /dev/drbdN invalidate} (seed 002, split-brain): attached as a start listener to
 * the step, it runs in the step's job before the command is sent and stops the step in an incident (nothing sent)
 * unless the node to invalidate is one of the cluster's two nodes, is NOT the node a person chose as holding the
 * current data, and is exactly the node the confirmation named as the one whose data is thrown away. Variables:
 * {@code victimNode}, {@code currentDataNode}, {@code confirmedDiscardNode}, {@code ganetiNodes} (the two node names, comma-separated), {@code minor}.
 */
public final class InvalidateGuard implements ExecutionListener {

    @Override
    public void notify(DelegateExecution execution) {
        String nodes = str(execution.getVariable("ganetiNodes"));
        check(str(execution.getVariable("victimNode")), str(execution.getVariable("currentDataNode")),
                str(execution.getVariable("confirmedDiscardNode")),
                nodes == null ? List.of() : java.util.Arrays.stream(nodes.split(",")).filter(n -> !n.isBlank()).toList(),
                str(execution.getVariable("minor")));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /**
     * @throws NonRetriableException naming the rule that refuses the invalidate
     */
    public static void check(String victim, String currentData, String confirmed, List<String> nodes, String minor) {
        if (victim == null || !nodes.contains(victim)) {
            throw new NonRetriableException("refused: drbdsetup invalidate on '" + victim + "', which is not a node of "
                    + "the cluster " + nodes);
        }
        if (currentData == null || !nodes.contains(currentData)) {
            throw new NonRetriableException("refused: nobody established which node holds the current data (got '"
                    + currentData + "'); drbdsetup invalidate throws the local copy away");
        }
        if (victim.equals(currentData)) {
            throw new NonRetriableException("refused: drbdsetup invalidate on " + victim + ", the node a person chose "
                    + "as holding the current data; it must run on the OTHER node");
        }
        if (!victim.equals(confirmed)) {
            throw new NonRetriableException("refused: the confirmation named '" + confirmed + "' as the node whose data"
                    + " is thrown away, not " + victim);
        }
        if (minor == null || !minor.matches("\\d{1,5}")) {
            throw new NonRetriableException("refused: DRBD minor '" + minor + "' is not a number");
        }
    }
}
