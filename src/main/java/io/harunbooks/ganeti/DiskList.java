package io.harunbooks.ganeti;

import java.util.List;
import java.util.stream.Collectors;

/** The parsed {@code fdisk -l}: disks in output order. */
public record DiskList(List<Disk> disks) {

    /** The disk by name ({@code sdb}) or device ({@code /dev/sdb}), or null. */
    public Disk disk(String name) {
        return disks.stream().filter(d -> d.name().equals(name) || d.device().equals(name)).findFirst().orElse(null);
    }

    /** The disk's model, {@code (not printed)} without a model line, {@code (no such disk)} if absent. */
    public String modelOf(String name) {
        Disk d = disk(name);
        return d == null ? "(no such disk)" : d.model() == null ? "(not printed)" : d.model();
    }

    public long bytesOf(String name) {
        Disk d = disk(name);
        return d == null ? -1 : d.bytes();
    }

    public int partitionCount(String name) {
        Disk d = disk(name);
        return d == null ? -1 : d.partitions().size();
    }

    public String summary() {
        return disks.stream().map(d -> d.device() + ": " + d.bytes() + " bytes, model " + (d.model() == null
                ? "(not printed)" : d.model()) + ", partitions " + (d.partitions().isEmpty() ? "none"
                : String.join(" ", d.partitions()))).collect(Collectors.joining("\n"));
    }
}
