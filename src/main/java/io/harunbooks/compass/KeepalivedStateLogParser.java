package io.harunbooks.compass;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sudo tail -n 100 /var/log/keepalived-state.log}: the lines keepalived's notify script writes on every state
 * change ({@code 2026-11-29 19:47:12 compass-reserve keepalived: state changed to MASTER}). The last state named wins;
 * lines with «error»/«fail» or a FAULT state are errors. An empty log is UNKNOWN with no errors; a non-empty log
 * that names no state at all is unparseable.
 */
@Component
public final class KeepalivedStateLogParser implements OutputParser<KeepalivedStateLog> {

    private static final Pattern STATE = Pattern.compile("\\b(MASTER|BACKUP|FAULT|STOP)\\b");
    private static final Pattern ERROR = Pattern.compile("(?i)\\berror|\\bfail|\\bFAULT\\b");

    @Override
    public String name() {
        return "compass-keepalived-state-log";
    }

    @Override
    public KeepalivedStateLog parse(String output) {
        String text = Ansi.strip(output);
        KeepalivedState last = KeepalivedState.UNKNOWN;
        List<String> errors = new ArrayList<>();
        int count = 0;
        boolean anyState = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            count++;
            Matcher m = STATE.matcher(line);
            while (m.find()) {
                last = KeepalivedState.valueOf(m.group(1));
                anyState = true;
            }
            if (ERROR.matcher(line).find()) {
                errors.add(line);
            }
        }
        if (count > 0 && !anyState && errors.isEmpty()) {
            throw new UnparseableOutputException("/var/log/keepalived-state.log", "no keepalived state in the lines",
                    text);
        }
        return new KeepalivedStateLog(last, errors, count);
    }
}
