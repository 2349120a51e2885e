package io.harunbooks.messenger;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code ic map <service>}, tab- or space-separated: an optional {@code autoflip:} header (and its
 * {@code [ALERT]} marker), {@code node <group> (<n> buckets)} lines and {@code srv} lines with state, role and, for
 * dead servers, {@code lastseen:} (whose timestamp may be wrapped onto the next line).
 */
@Component
public final class IcMapParser implements OutputParser<ServiceMap> {

    private static final Pattern NODE = Pattern.compile("^node\\s+(\\S+)\\s+\\((\\d+)\\s+buckets\\)$");
    private static final Pattern SRV = Pattern.compile(
            "^srv\\s+(\\S+)\\s+(\\S+:\\d+)\\s+(alive|dead)\\s+(main|slave)(?:\\s+lastseen:(?:\\s+(\\S+))?)?$");
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}/\\d{2}:\\d{2}:\\d{2}$");

    @Override
    public String name() {
        return "ic-map";
    }

    @Override
    public ServiceMap parse(String output) {
        String autoflip = null;
        boolean alert = false;
        List<ServiceMap.Group> groups = new ArrayList<>();
        String groupName = null;
        long buckets = 0;
        List<ServiceMap.Srv> servers = new ArrayList<>();
        boolean awaitingLastSeen = false;
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (awaitingLastSeen && TIMESTAMP.matcher(line).matches()) {
                ServiceMap.Srv s = servers.remove(servers.size() - 1);
                servers.add(new ServiceMap.Srv(s.fullName(), s.service(), s.host(), s.instance(), s.address(),
                        s.alive(), s.role(), line));
                awaitingLastSeen = false;
                continue;
            }
            awaitingLastSeen = false;
            if (line.startsWith("autoflip:")) {
                autoflip = line.substring("autoflip:".length()).strip().replaceAll("\\s+", " ");
                if (autoflip.endsWith("[ALERT]")) {
                    alert = true;
                    autoflip = autoflip.substring(0, autoflip.length() - "[ALERT]".length()).strip();
                }
                continue;
            }
            if (line.equals("[ALERT]")) {
                alert = true;
                continue;
            }
            Matcher node = NODE.matcher(line);
            if (node.matches()) {
                if (groupName != null) {
                    groups.add(new ServiceMap.Group(groupName, buckets, servers));
                }
                groupName = node.group(1);
                buckets = Long.parseLong(node.group(2));
                servers = new ArrayList<>();
                continue;
            }
            Matcher srv = SRV.matcher(line);
            if (srv.matches()) {
                if (groupName == null) {
                    throw new UnparseableOutputException("ic map", "srv line before any node line", line);
                }
                String full = srv.group(1);
                int first = full.indexOf('.');
                int last = full.lastIndexOf('.');
                if (first < 0 || first == last) {
                    throw new UnparseableOutputException("ic map",
                            "server name is not <service>.<host>.<instance>", line);
                }
                servers.add(new ServiceMap.Srv(full, full.substring(0, first), full.substring(first + 1, last),
                        full.substring(last + 1), srv.group(2), srv.group(3).equals("alive"), srv.group(4),
                        srv.group(5)));
                awaitingLastSeen = line.endsWith("lastseen:");
                continue;
            }
            throw new UnparseableOutputException("ic map", "unexpected line", line);
        }
        if (groupName != null) {
            groups.add(new ServiceMap.Group(groupName, buckets, servers));
        }
        if (groups.isEmpty()) {
            throw new UnparseableOutputException("ic map", "no node lines", output);
        }
        return new ServiceMap(autoflip, alert, groups);
    }
}
