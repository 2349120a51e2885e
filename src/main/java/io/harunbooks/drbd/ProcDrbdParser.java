package io.harunbooks.drbd;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cat /proc/drbd} of DRBD 8.x: a {@code version:} line, then per minor
 * {@code <minor>: cs:<conn> ro:<local>/<peer> ds:<local>/<peer> …} (8.3: {@code st:} for the roles), counters, and
 * while syncing a progress bar with {@code sync'ed: <n>%}. Line breaks may be lost (the seed prints a minor on one
 * line): minors are found by their {@code <n>: cs:} marker. DRBD 9 prints only the version here (no minors): the
 * state then has no resources. {@code <minor>: cs:Unconfigured} is reported as such.
 */
@Component
public final class ProcDrbdParser implements OutputParser<DrbdState> {

    private static final String TOOL = "/proc/drbd";
    private static final Pattern VERSION = Pattern.compile("version:\\s*(\\S+)");
    private static final Pattern MINOR = Pattern.compile("(?:^|\\s)(\\d+):\\s+cs:(\\S+)");
    private static final Pattern ROLES = Pattern.compile("\\b(?:ro|st):(\\w+)/(\\w+)");
    private static final Pattern DISKS = Pattern.compile("\\bds:(\\w+)/(\\w+)");
    private static final Pattern SYNCED = Pattern.compile("sync'ed:\\s*([0-9]+(?:\\.[0-9]+)?)%");

    @Override
    public String name() {
        return "proc-drbd";
    }

    @Override
    public DrbdState parse(String output) {
        if (output == null || output.isBlank()) {
            throw new UnparseableOutputException(TOOL, "empty output", output);
        }
        Matcher v = VERSION.matcher(output);
        String version = v.find() ? v.group(1) : null;
        Matcher m = MINOR.matcher(output);
        List<int[]> spans = new ArrayList<>();
        List<String[]> heads = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(1), 0});
            heads.add(new String[] {m.group(1), m.group(2)});
        }
        if (version == null && spans.isEmpty()) {
            throw new UnparseableOutputException(TOOL, "neither a 'version:' line nor a '<minor>: cs:' line", output);
        }
        List<DrbdResource> resources = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : output.length();
            String segment = output.substring(spans.get(i)[0], end);
            int minor = Integer.parseInt(heads.get(i)[0]);
            ConnectionState cs = ConnectionState.of(heads.get(i)[1]);
            if (cs == ConnectionState.UNCONFIGURED) {
                resources.add(new DrbdResource(null, minor, cs, Role.UNKNOWN, Role.UNKNOWN, DiskState.UNKNOWN,
                        DiskState.UNKNOWN, null));
                continue;
            }
            Matcher ro = ROLES.matcher(segment);
            Matcher ds = DISKS.matcher(segment);
            if (!ro.find() || !ds.find()) {
                throw new UnparseableOutputException(TOOL, "minor " + minor + " has no 'ro:'/'ds:' field", segment);
            }
            Matcher synced = SYNCED.matcher(segment);
            Double percent = synced.find() ? Double.valueOf(synced.group(1)) : null;
            resources.add(new DrbdResource(null, minor, cs, Role.of(ro.group(1)), Role.of(ro.group(2)),
                    DiskState.of(ds.group(1)), DiskState.of(ds.group(2)), percent));
        }
        return new DrbdState(version, resources);
    }
}
