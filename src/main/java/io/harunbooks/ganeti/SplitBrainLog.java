package io.harunbooks.ganeti;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The kernel log's DRBD split-brain reports.
 *
 * @param minors DRBD minors with {@code Split-Brain detected but unresolved}, ascending, each once
 * @param lines  those lines, as printed
 */
public record SplitBrainLog(List<Integer> minors, List<String> lines) {

    public boolean detected() {
        return !minors.isEmpty();
    }

    /** The minors as text, e.g. {@code 21,22}. */
    public String minorsText() {
        return minors.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    public String linesText() {
        return String.join("\n", lines);
    }
}
