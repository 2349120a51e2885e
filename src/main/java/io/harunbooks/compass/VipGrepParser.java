package io.harunbooks.compass;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code ip a | grep <VIP>}: grep prints the address lines holding the VIP (exit 0) or nothing (exit 1, which the
 * step must accept with {@code exitCodes=0,1}). A line that is not an {@code inet} address line is unparseable (the
 * pattern matched something else, e.g. a link name).
 */
@Component
public final class VipGrepParser implements OutputParser<VipPresence> {

    @Override
    public String name() {
        return "compass-vip";
    }

    @Override
    public VipPresence parse(String output) {
        String text = Ansi.strip(output);
        String lines = Arrays.stream(text.split("\n")).map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining("\n"));
        if (lines.isEmpty()) {
            return new VipPresence(false, "");
        }
        for (String line : lines.split("\n")) {
            if (!line.startsWith("inet ")) {
                throw new UnparseableOutputException("ip a | grep <VIP>", "not an inet address line", line);
            }
        }
        return new VipPresence(true, lines);
    }
}
