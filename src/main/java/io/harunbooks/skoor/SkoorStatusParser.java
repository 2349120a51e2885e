package io.harunbooks.skoor;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /opt/eranger/bin/eRanger.sh status}: the lines after {@code Current eRanger Status:}, each
 * {@code Status <label>:<spaces><state>} (seed 003, "État SKOOR Engine après le changement").
 */
@Component
public final class SkoorStatusParser implements OutputParser<SkoorStatus> {

    private static final String TOOL = "eRanger.sh status";
    private static final Pattern LINE = Pattern.compile("^Status ([^:]+):\\s+(\\S.*?)\\s*$");

    @Override
    public String name() {
        return "eranger-status";
    }

    @Override
    public SkoorStatus parse(String output) {
        if (output == null || !output.contains("Current eRanger Status:")) {
            throw new UnparseableOutputException(TOOL, "no 'Current eRanger Status:' header", output);
        }
        Map<String, String> services = new LinkedHashMap<>();
        boolean inStatus = false;
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.equals("Current eRanger Status:")) {
                inStatus = true;
                continue;
            }
            if (!inStatus || line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new UnparseableOutputException(TOOL, "unexpected line '" + line + "'", output);
            }
            services.put(m.group(1).strip(), m.group(2));
        }
        for (String required : new String[] {SkoorStatus.POSTGRESQL, SkoorStatus.SERVER, SkoorStatus.COLLECTOR}) {
            if (!services.containsKey(required)) {
                throw new UnparseableOutputException(TOOL, "no 'Status " + required + ":' line", output);
            }
        }
        return new SkoorStatus(Collections.unmodifiableMap(services));
    }
}
