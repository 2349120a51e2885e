package io.harunbooks.support;

import io.harunbooks.lab.LabAnswer;
import io.harunbooks.lab.LabSimulation;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A lab simulation with scripted answers in front of it, for process tests that need a sequence of states the
 * simulation does not reach by itself (replication broken only after an update, a check failing the third time):
 * {@link #then(String, String, LabAnswer...)} queues answers for the next calls of one command on one host, a
 * {@code null} entry letting that call through to the simulation. {@link #inject} clears the queues.
 */
public final class ScriptedSimulation implements LabSimulation {

    private final LabSimulation simulation;
    private final Map<String, Deque<Optional<LabAnswer>>> queued = new HashMap<>();

    public ScriptedSimulation(LabSimulation simulation) {
        this.simulation = simulation;
    }

    /** The simulation behind the scripted answers. */
    public LabSimulation simulation() {
        return simulation;
    }

    /** The next calls of {@code command} on {@code host} get these answers in order ({@code null}: the simulation's). */
    public synchronized void then(String host, String command, LabAnswer... answers) {
        Deque<Optional<LabAnswer>> queue = queued.computeIfAbsent(host + "\n" + command, k -> new ArrayDeque<>());
        Arrays.stream(answers).map(Optional::ofNullable).forEach(queue::addLast);
    }

    @Override
    public synchronized LabAnswer execute(String host, String commandLine, Supplier<String> stdin) {
        Deque<Optional<LabAnswer>> queue = queued.get(host + "\n" + commandLine);
        Optional<LabAnswer> scripted = queue == null || queue.isEmpty() ? Optional.empty() : queue.removeFirst();
        return scripted.orElseGet(() -> simulation.execute(host, commandLine, stdin));
    }

    @Override
    public List<String> faults() {
        return simulation.faults();
    }

    @Override
    public synchronized void inject(String fault) {
        queued.clear();
        simulation.inject(fault);
    }

    @Override
    public Object state() {
        return simulation.state();
    }
}
