package io.harunbooks.ganeti;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.regex.Pattern;

/** {@code gnt-cluster getmaster}: one line, the master node's name (read from the local configuration). */
@Component
public final class GntClusterGetmasterParser implements OutputParser<String> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

    @Override
    public String name() {
        return "gnt-cluster-getmaster";
    }

    /** The master's short name (domain cut off). */
    @Override
    public String parse(String output) {
        List<String> lines = output == null ? List.of() : output.lines().map(String::strip).filter(l -> !l.isEmpty())
                .toList();
        if (lines.size() != 1 || !NAME.matcher(lines.get(0)).matches()) {
            throw new UnparseableOutputException("gnt-cluster getmaster", "expected one node name", output);
        }
        String name = lines.get(0);
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
