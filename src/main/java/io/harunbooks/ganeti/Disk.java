package io.harunbooks.ganeti;

import java.util.List;

/**
 * One disk of {@code fdisk -l}.
 *
 * @param device     e.g. {@code /dev/sda}
 * @param bytes      size in bytes
 * @param model      the {@code Disk model:} line (util-linux 2.33 and later), null when not printed
 * @param partitions partition devices, e.g. {@code /dev/sda1}
 */
public record Disk(String device, long bytes, String model, List<String> partitions) {

    /** The device's name without {@code /dev/}. */
    public String name() {
        return device.startsWith("/dev/") ? device.substring(5) : device;
    }
}
