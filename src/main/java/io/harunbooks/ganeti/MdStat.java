package io.harunbooks.ganeti;

import java.util.List;
import java.util.stream.Collectors;

/** The parsed {@code /proc/mdstat}: arrays in output order. */
public record MdStat(List<MdArray> arrays) {

    /** Names of the arrays with a missing member. */
    public List<String> degradedArrays() {
        return arrays.stream().filter(MdArray::degraded).map(MdArray::name).toList();
    }

    /** Names of the arrays recovering or resyncing. */
    public List<String> syncingArrays() {
        return arrays.stream().filter(a -> a.recovery() != null).map(MdArray::name).toList();
    }

    public boolean allClean() {
        return arrays.stream().allMatch(MdArray::clean);
    }

    /** Whether a disk (e.g. {@code sdb}) has a partition in any array. */
    public boolean diskInUse(String disk) {
        return arrays.stream().anyMatch(a -> a.memberOn(disk) != null);
    }

    public MdArray array(String name) {
        return arrays.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    /** One line per array: {@code md1: raid1 [U_] sda2, recovery 28.4%}. */
    public String summary() {
        return arrays.stream().map(a -> a.name() + ": " + a.level() + " [" + a.mask() + "] "
                + String.join(" ", a.members()) + (a.failed().isEmpty() ? "" : ", failed " + String.join(" ", a.failed()))
                + (a.recovery() == null ? "" : ", " + a.recovery() + " " + a.progress() + "%"))
                .collect(Collectors.joining("\n"));
    }
}
