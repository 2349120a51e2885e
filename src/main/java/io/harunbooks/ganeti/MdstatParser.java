package io.harunbooks.ganeti;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cat /proc/mdstat}: {@code Personalities :} line, then per array {@code mdN : active raid1 sdb1[1] sda1[0]},
 * a blocks line ending in {@code [n/m] [UU]}, optionally a progress line ({@code recovery = 28.4% …}), and
 * {@code unused devices:}.
 */
@Component
public final class MdstatParser implements OutputParser<MdStat> {

    private static final String TOOL = "/proc/mdstat";
    private static final Pattern ARRAY = Pattern.compile("^(md\\d+)\\s*:\\s*(active|inactive)(?:\\s+\\((?:auto-)?read-only\\))?\\s+(raid\\d+|linear)?\\s*(.*)$");
    private static final Pattern MEMBER = Pattern.compile("^([A-Za-z0-9]+)\\[\\d+](\\([FSW]\\))*$");
    private static final Pattern MASK = Pattern.compile("\\[(\\d+)/(\\d+)]\\s+\\[([U_]+)]");
    private static final Pattern PROGRESS = Pattern.compile("\\b(recovery|resync|reshape|check)\\s*=\\s*([0-9.]+)%");
    private static final Pattern DELAYED = Pattern.compile("\\b(recovery|resync)\\s*=\\s*(DELAYED|PENDING)");

    @Override
    public String name() {
        return "mdstat";
    }

    @Override
    public MdStat parse(String output) {
        if (output == null || !output.contains("Personalities")) {
            throw new UnparseableOutputException(TOOL, "no 'Personalities' line", output);
        }
        List<MdArray> arrays = new ArrayList<>();
        List<String> lines = output.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher a = ARRAY.matcher(lines.get(i).strip());
            if (!a.matches()) {
                continue;
            }
            List<String> members = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (String token : a.group(4).trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                Matcher m = MEMBER.matcher(token);
                if (!m.matches()) {
                    throw new UnparseableOutputException(TOOL, "unexpected member '" + token + "'", output);
                }
                (token.contains("(F)") ? failed : members).add(m.group(1));
            }
            String mask = null;
            String recovery = null;
            Double progress = null;
            for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank()
                    && !ARRAY.matcher(lines.get(j).strip()).matches(); j++) {
                Matcher k = MASK.matcher(lines.get(j));
                if (k.find()) {
                    mask = k.group(3);
                }
                Matcher p = PROGRESS.matcher(lines.get(j));
                if (p.find()) {
                    recovery = p.group(1);
                    progress = Double.parseDouble(p.group(2));
                } else if (DELAYED.matcher(lines.get(j)).find()) {
                    Matcher d = DELAYED.matcher(lines.get(j));
                    d.find();
                    recovery = d.group(1);
                    progress = 0.0;
                }
            }
            boolean active = a.group(2).equals("active");
            if (mask == null) {
                if (active) {
                    throw new UnparseableOutputException(TOOL, "array " + a.group(1) + " without [n/m] [UU] status",
                            output);
                }
                mask = "";
            }
            arrays.add(new MdArray(a.group(1), active, a.group(3) == null ? "unknown" : a.group(3),
                    List.copyOf(members), List.copyOf(failed), mask, recovery, progress));
        }
        return new MdStat(List.copyOf(arrays));
    }
}
