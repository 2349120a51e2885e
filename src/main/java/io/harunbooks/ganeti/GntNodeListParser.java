package io.harunbooks.ganeti;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gnt-node list -o name,role,pinst_cnt,sinst_cnt}: a header {@code Node Role Pinst Sinst}, then one line per
 * node. An offline node's counts may show {@code *} (Ganeti prints it for unknown values): read as 0.
 */
@Component
public final class GntNodeListParser implements OutputParser<GanetiNodes> {

    private static final String TOOL = "gnt-node list";
    private static final Pattern HEADER = Pattern.compile("^Node\\s+Role\\s+Pinst\\s+Sinst\\s*$");
    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+([MCRDO?])\\s+(\\d+|\\*)\\s+(\\d+|\\*)\\s*$");

    @Override
    public String name() {
        return "gnt-node-list";
    }

    @Override
    public GanetiNodes parse(String output) {
        if (output == null) {
            throw new UnparseableOutputException(TOOL, "no output", null);
        }
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty() || !HEADER.matcher(lines.get(0)).matches()) {
            throw new UnparseableOutputException(TOOL, "no 'Node Role Pinst Sinst' header", output);
        }
        List<GanetiNode> nodes = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new UnparseableOutputException(TOOL, "unexpected line '" + line + "'", output);
            }
            nodes.add(new GanetiNode(m.group(1), GanetiNode.NodeRole.of(m.group(2)), count(m.group(3)),
                    count(m.group(4))));
        }
        if (nodes.isEmpty()) {
            throw new UnparseableOutputException(TOOL, "no node listed", output);
        }
        return new GanetiNodes(List.copyOf(nodes));
    }

    private static int count(String s) {
        return s.equals("*") ? 0 : Integer.parseInt(s);
    }
}
