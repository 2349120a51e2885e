package io.harunbooks.messenger;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the first line of a check_mk local check such as {@code ctlr_topo_check.sh}. */
@Component
public final class CheckMkLocalParser implements OutputParser<LocalCheck> {

    private static final Pattern LINE = Pattern.compile("^([0-3]|P)\\s+(\\S+)\\s+(\\S+)\\s+(.*)$");

    @Override
    public String name() {
        return "check-mk-local";
    }

    @Override
    public LocalCheck parse(String output) {
        String first = output.strip().lines().findFirst().orElse("");
        Matcher m = LINE.matcher(first);
        if (!m.matches() || "P".equals(m.group(1))) {
            throw new UnparseableOutputException("check_mk local check", "expected '<0-3> <service> <perfdata> <text>'",
                    output);
        }
        return new LocalCheck(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(4).strip());
    }
}
