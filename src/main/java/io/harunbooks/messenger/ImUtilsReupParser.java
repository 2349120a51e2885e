package io.harunbooks.messenger;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the namespace from the {@code deleting pvc <ns>:<pvc>} line of {@code im_utils --reup-mysql-replica} (the
 * seed: "Определить namespace можно из вывода выше после фразы «deleting pvc» или «deleting pod»") and the pod from
 * {@code deleting pod <ns>:<pod>}.
 */
@Component
public final class ImUtilsReupParser implements OutputParser<ReupResult> {

    private static final Pattern PVC = Pattern.compile("deleting pvc ([a-z0-9][a-z0-9-]*):(\\S+)");
    private static final Pattern POD = Pattern.compile("deleting pod ([a-z0-9][a-z0-9-]*):([a-z0-9][a-z0-9.-]*)");

    @Override
    public String name() {
        return "im-utils-reup";
    }

    @Override
    public ReupResult parse(String output) {
        Matcher pvc = PVC.matcher(output);
        Matcher pod = POD.matcher(output);
        if (!pvc.find() || !pod.find()) {
            throw new UnparseableOutputException("im_utils --reup-mysql-replica",
                    "no 'deleting pvc <ns>:…' and 'deleting pod <ns>:…' lines", output);
        }
        if (!pvc.group(1).equals(pod.group(1))) {
            throw new UnparseableOutputException("im_utils --reup-mysql-replica", "pvc namespace " + pvc.group(1)
                    + " differs from pod namespace " + pod.group(1), output);
        }
        return new ReupResult(pod.group(1), pvc.group(2), pod.group(2));
    }
}
