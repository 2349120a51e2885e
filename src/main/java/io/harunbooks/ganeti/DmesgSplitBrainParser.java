package io.harunbooks.ganeti;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dmesg}: the lines {@code block drbdN: Split-Brain detected but unresolved, dropping connection!} (seed 002,
 * «Восстановление при split-brain») and their minors N. Any kernel log parses; one without such lines has none.
 */
@Component
public final class DmesgSplitBrainParser implements OutputParser<SplitBrainLog> {

    private static final Pattern SPLIT_BRAIN = Pattern.compile("\\bblock drbd(\\d+): Split-Brain detected but unresolved");
    private static final Pattern KERNEL_LINE = Pattern.compile("^(\\[\\s*\\d+\\.\\d+]|<\\d>|\\S)");

    @Override
    public String name() {
        return "dmesg-split-brain";
    }

    @Override
    public SplitBrainLog parse(String output) {
        if (output == null) {
            throw new UnparseableOutputException("dmesg", "no output", null);
        }
        TreeSet<Integer> minors = new TreeSet<>();
        List<String> lines = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (!line.isBlank() && !KERNEL_LINE.matcher(line).find()) {
                throw new UnparseableOutputException("dmesg", "unexpected line '" + line + "'", output);
            }
            Matcher m = SPLIT_BRAIN.matcher(line);
            if (m.find()) {
                minors.add(Integer.parseInt(m.group(1)));
                lines.add(line.strip());
            }
        }
        return new SplitBrainLog(List.copyOf(minors), List.copyOf(lines));
    }
}
