package io.harunbooks.messenger;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code /usr/local/bin/orch_topo.sh}. */
@Component
public final class OrchTopologyParser implements OutputParser<OrchTopology> {

    private static final Pattern LINE = Pattern.compile("^(?:([+-])\\s+)?(\\S+:\\d+)\\s+\\((\\S+)\\)\\s+\\[([^]]*)]$");
    private static final Pattern NAMESPACE = Pattern.compile("\\.mysql\\.([^.:]+):\\d+$");

    @Override
    public String name() {
        return "orch-topo";
    }

    @Override
    public OrchTopology parse(String output) {
        List<OrchTopology.Instance> instances = new ArrayList<>();
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new UnparseableOutputException("orch_topo.sh", "unexpected line", line);
            }
            String[] f = m.group(4).split(",");
            if (f.length < 7) {
                throw new UnparseableOutputException("orch_topo.sh",
                        "expected [lag,status,version,rw|ro,format,>>,GTID…]", line);
            }
            OrchTopology.Marker marker = m.group(1) == null ? OrchTopology.Marker.MASTER
                    : m.group(1).equals("+") ? OrchTopology.Marker.REPLICA : OrchTopology.Marker.BROKEN;
            String name = m.group(2);
            Matcher ns = NAMESPACE.matcher(name);
            String alias = m.group(3);
            String cluster = ns.find() ? ns.group(1) : alias.replaceFirst("-mysql-.*$", "");
            if (!f[3].equals("ro") && !f[3].equals("rw")) {
                throw new UnparseableOutputException("orch_topo.sh", "expected rw or ro, found '" + f[3] + "'", line);
            }
            instances.add(new OrchTopology.Instance(marker, name, alias, cluster, f[0].equals("null") ? null : f[0],
                    f[1], f[2], f[3].equals("ro"), f[f.length - 1].contains("errant")));
        }
        if (instances.isEmpty()) {
            throw new UnparseableOutputException("orch_topo.sh", "no instances", output);
        }
        return new OrchTopology(instances);
    }
}
