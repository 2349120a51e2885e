package io.harunbooks.messenger;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code echo ipros_cluster_show | nc … 4020}: one line per controller, full name, address:port, then
 * {@code self}, {@code alive} or {@code dead}, optionally followed by {@code main}. Exactly one line is {@code self}.
 */
@Component
public final class IprosClusterParser implements OutputParser<ControllerCluster> {

    private static final Pattern LINE = Pattern.compile(
            "^(\\S+)\\s+(\\S+:\\d{1,5})\\s+(self|alive|dead)(?:\\s+(main))?\\s*$");

    @Override
    public String name() {
        return "ipros-cluster-show";
    }

    @Override
    public ControllerCluster parse(String output) {
        List<ControllerCluster.Member> members = new ArrayList<>();
        for (String line : output.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new UnparseableOutputException("ipros_cluster_show", "unexpected line", line);
            }
            members.add(new ControllerCluster.Member(m.group(1), m.group(2),
                    ControllerCluster.State.valueOf(m.group(3).toUpperCase()), m.group(4) != null));
        }
        if (members.isEmpty()) {
            throw new UnparseableOutputException("ipros_cluster_show", "no controller lines", output);
        }
        long selves = members.stream().filter(x -> x.state() == ControllerCluster.State.SELF).count();
        if (selves != 1) {
            throw new UnparseableOutputException("ipros_cluster_show",
                    "expected exactly one 'self' line but found " + selves, output);
        }
        return new ControllerCluster(members);
    }
}
