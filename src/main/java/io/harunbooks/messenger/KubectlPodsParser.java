package io.harunbooks.messenger;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code kubectl -n <ns> get po}: the NAME/READY/STATUS header and one row per pod. */
@Component
public final class KubectlPodsParser implements OutputParser<PodList> {

    private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+(\\d+)/(\\d+)\\s+(\\S+)(?:\\s+.*)?$");

    @Override
    public String name() {
        return "kubectl-get-po";
    }

    @Override
    public PodList parse(String output) {
        List<PodList.Pod> pods = new ArrayList<>();
        boolean header = false;
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("No resources found")) {
                continue;
            }
            if (!header) {
                if (!line.matches("^NAME\\s+READY\\s+STATUS\\b.*")) {
                    throw new UnparseableOutputException("kubectl get po", "expected the NAME READY STATUS header",
                            line);
                }
                header = true;
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                throw new UnparseableOutputException("kubectl get po", "unexpected row", line);
            }
            pods.add(new PodList.Pod(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4)));
        }
        return new PodList(pods);
    }
}
