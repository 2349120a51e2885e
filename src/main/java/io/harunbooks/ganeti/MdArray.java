package io.harunbooks.ganeti;

import java.util.List;

/**
 * One array of {@code /proc/mdstat}.
 *
 * @param name         e.g. {@code md0}
 * @param active       {@code active} rather than {@code inactive}
 * @param level        e.g. {@code raid1}
 * @param members      member devices without their {@code [n]} index, failed ones ({@code (F)}) excluded
 * @param failed       members marked {@code (F)}
 * @param mask         the status mask, e.g. {@code UU} or {@code U_}
 * @param recovery     {@code recovery} or {@code resync} while one runs, else null
 * @param progress     the running recovery's percentage, else null
 */
public record MdArray(String name, boolean active, String level, List<String> members, List<String> failed,
                      String mask, String recovery, Double progress) {

    /** A member is missing: the mask has a {@code _}. */
    public boolean degraded() {
        return mask.contains("_");
    }

    /** Active, no member missing, no recovery running. */
    public boolean clean() {
        return active && !degraded() && recovery == null;
    }

    /** The member on the given disk, e.g. {@code sda2} for disk {@code sda}, or null. */
    public String memberOn(String disk) {
        return members.stream().filter(m -> m.startsWith(disk) && m.length() > disk.length()
                && Character.isDigit(m.charAt(disk.length()))).findFirst().orElse(null);
    }
}
