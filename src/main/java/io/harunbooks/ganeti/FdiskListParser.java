package io.harunbooks.ganeti;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fdisk -l}: per disk a {@code Disk /dev/sdX: 465.8 GiB, 500107862016 bytes, … sectors} line, an optional
 * {@code Disk model:} line, and partition lines starting with the partition device. Device-mapper and md devices are
 * listed too; their partitions are none.
 */
@Component
public final class FdiskListParser implements OutputParser<DiskList> {

    private static final Pattern DISK = Pattern.compile("^Disk (/dev/\\S+?): .*?(\\d+) bytes");
    private static final Pattern MODEL = Pattern.compile("^Disk model:\\s*(.*?)\\s*$");
    private static final Pattern PARTITION = Pattern.compile("^(/dev/\\S+?\\d+)\\s");

    @Override
    public String name() {
        return "fdisk-list";
    }

    @Override
    public DiskList parse(String output) {
        if (output == null) {
            throw new UnparseableOutputException("fdisk -l", "no output", null);
        }
        List<Disk> disks = new ArrayList<>();
        String device = null;
        long bytes = 0;
        String model = null;
        List<String> partitions = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher d = DISK.matcher(line);
            if (d.find()) {
                if (device != null) {
                    disks.add(new Disk(device, bytes, model, List.copyOf(partitions)));
                }
                device = d.group(1);
                bytes = Long.parseLong(d.group(2));
                model = null;
                partitions.clear();
                continue;
            }
            Matcher m = MODEL.matcher(line);
            if (m.matches() && device != null) {
                model = m.group(1);
                continue;
            }
            Matcher p = PARTITION.matcher(line);
            if (p.find() && device != null && p.group(1).startsWith(device)) {
                partitions.add(p.group(1));
            }
        }
        if (device != null) {
            disks.add(new Disk(device, bytes, model, List.copyOf(partitions)));
        }
        if (disks.isEmpty()) {
            throw new UnparseableOutputException("fdisk -l", "no 'Disk /dev/…: … bytes' line", output);
        }
        return new DiskList(List.copyOf(disks));
    }
}
