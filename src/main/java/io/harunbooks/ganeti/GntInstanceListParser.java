package io.harunbooks.ganeti;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gnt-instance list -o name,pnode,snodes,status}: a header {@code Instance Primary_node Secondary_Nodes Status},
 * then one line per instance (no instance: the header alone).
 */
@Component
public final class GntInstanceListParser implements OutputParser<GanetiInstances> {

    private static final String TOOL = "gnt-instance list";
    private static final Pattern HEADER = Pattern.compile("^Instance\\s+Primary_node\\s+Secondary_Nodes\\s+Status\\s*$");
    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*$");

    @Override
    public String name() {
        return "gnt-instance-list";
    }

    @Override
    public GanetiInstances parse(String output) {
        if (output == null) {
            throw new UnparseableOutputException(TOOL, "no output", null);
        }
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty() || !HEADER.matcher(lines.get(0)).matches()) {
            throw new UnparseableOutputException(TOOL, "no 'Instance Primary_node Secondary_Nodes Status' header",
                    output);
        }
        List<GanetiInstance> instances = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new UnparseableOutputException(TOOL, "unexpected line '" + line + "'", output);
            }
            instances.add(new GanetiInstance(m.group(1), m.group(2), m.group(3).equals("-") ? null : m.group(3),
                    m.group(4)));
        }
        return new GanetiInstances(List.copyOf(instances));
    }
}
