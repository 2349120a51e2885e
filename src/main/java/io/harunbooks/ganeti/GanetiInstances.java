package io.harunbooks.ganeti;

import java.util.List;
import java.util.stream.Collectors;

/** The parsed output of {@code gnt-instance list -o name,pnode,snodes,status}. */
public record GanetiInstances(List<GanetiInstance> instances) {

    /** Names of the instances whose primary node is {@code node}, in output order. */
    public List<String> primaryOn(String node) {
        return instances.stream().filter(i -> same(i.primary(), node)).map(GanetiInstance::name).toList();
    }

    /** Names of the instances whose secondary node is {@code node}. */
    public List<String> secondaryOn(String node) {
        return instances.stream().filter(i -> same(i.secondary(), node)).map(GanetiInstance::name).toList();
    }

    /** {@link #primaryOn} as text for process variables: names joined by commas, empty when none. */
    public String primaryOnText(String node) {
        return String.join(",", primaryOn(node));
    }

    /** {@link #secondaryOn} as text for process variables: names joined by commas, empty when none. */
    public String secondaryOnText(String node) {
        return String.join(",", secondaryOn(node));
    }

    /** All instance names joined by commas. */
    public String namesText() {
        return instances.stream().map(GanetiInstance::name).collect(Collectors.joining(","));
    }

    /** Names of the instances that are not {@code running}. */
    public List<String> notRunning() {
        return instances.stream().filter(i -> !i.running()).map(GanetiInstance::name).toList();
    }

    public boolean allRunning() {
        return notRunning().isEmpty();
    }

    /** One line per instance: {@code name: primary/secondary status}. */
    public String summary() {
        return instances.stream().map(i -> i.name() + ": primary " + i.primary() + ", secondary "
                + (i.secondary() == null ? "-" : i.secondary()) + ", " + i.status()).collect(Collectors.joining("\n"));
    }

    static boolean same(String listed, String node) {
        if (listed == null || node == null) {
            return false;
        }
        return listed.equals(node) || listed.startsWith(node + ".");
    }
}
