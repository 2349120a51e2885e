package io.harunbooks.compass;

import java.util.List;

/**
 * The tail of {@code /var/log/keepalived-state.log}: the state the server entered last, and the lines that report an
 * error (the seed: «На резервном сервере проверьте логи на наличие ошибок»).
 *
 * @param lastState  the state of the last line naming one; UNKNOWN for an empty log
 * @param errorLines lines with «error», «fail» or a FAULT state, in order
 * @param lines      number of lines read
 */
public record KeepalivedStateLog(KeepalivedState lastState, List<String> errorLines, int lines) {

    public KeepalivedStateLog {
        errorLines = List.copyOf(errorLines);
    }

    public boolean errors() {
        return !errorLines.isEmpty();
    }

    /** The error lines joined for a form or a failure text; empty when none. */
    public String errorText() {
        return String.join("\n", errorLines);
    }

    public boolean master() {
        return lastState == KeepalivedState.MASTER;
    }
}
