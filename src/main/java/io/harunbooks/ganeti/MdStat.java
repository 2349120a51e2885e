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

    /**
     * For each degraded array, the partition of {@code newDisk} to add: the number of its member on
     * {@code sourceDisk} (seed: md0 ← sdX1, md1 ← sdX2, md2 ← sdX3). Array name → partition, e.g. md1 → sdb2.
     */
    public java.util.LinkedHashMap<String, String> partitionsToAdd(String sourceDisk, String newDisk) {
        java.util.LinkedHashMap<String, String> plan = new java.util.LinkedHashMap<>();
        for (MdArray a : arrays) {
            String member = a.memberOn(sourceDisk);
            if (a.degraded() && a.recovery() == null && member != null && a.memberOn(newDisk) == null) {
                plan.put(a.name(), newDisk + member.substring(sourceDisk.length()));
            }
        }
        return plan;
    }

    /** {@link #partitionsToAdd} as text for process variables: {@code md0:sdb1,md1:sdb2}, empty when none. */
    public String partitionsToAddText(String sourceDisk, String newDisk) {
        return partitionsToAdd(sourceDisk, newDisk).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** {@link #degradedArrays} joined by commas. */
    public String degradedArraysText() {
        return String.join(",", degradedArrays());
    }

    /** No partition of the disk is in any array. */
    public boolean diskFree(String disk) {
        return !diskInUse(disk);
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
