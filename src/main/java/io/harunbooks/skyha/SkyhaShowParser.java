package io.harunbooks.skyha;

import io.harunbooks.engine.OutputParser;
import io.harunbooks.engine.UnparseableOutputException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /opt/skylar_ha/skyha show}: base, space and NFS info, then crm_mon's report (seed 004, "查看双机热备状态").
 * Reads {@code Online: [ … ]}, {@code OFFLINE: [ … ]}, {@code Node <n>: standby}, the DRBD set's
 * {@code Masters: [ … ]} / {@code Slaves: [ … ]}, the resource lines {@code <name> (<agent>): Started <node>} and
 * the {@code Node Attributes:} section ({@code * Node <n>:} then {@code + <attribute> : <value>}).
 */
@Component
public final class SkyhaShowParser implements OutputParser<SkyhaStatus> {

    private static final String TOOL = "skyha show";
    private static final Pattern LIST = Pattern.compile("^(Online|OFFLINE|Masters|Slaves|Stopped):\\s*\\[(.*)]\\s*$");
    private static final Pattern STANDBY = Pattern.compile("^Node (\\S+): standby\\b.*$");
    private static final Pattern RESOURCE = Pattern.compile("^(\\S+) \\(([^)]+)\\):\\s+(\\S.*?)\\s*$");
    private static final Pattern NODE = Pattern.compile("^\\* Node (\\S+):\\s*$");
    private static final Pattern BASE = Pattern.compile("^\\* (\\S+): (\\S+)$");
    private static final Pattern ATTRIBUTE = Pattern.compile("^\\+ (\\S+)\\s*:\\s*(\\S.*?)\\s*$");

    @Override
    public String name() {
        return "skyha-show";
    }

    @Override
    public SkyhaStatus parse(String output) {
        if (output == null || !output.contains("Full list of resources:")) {
            throw new UnparseableOutputException(TOOL, "no crm_mon 'Full list of resources:'", output);
        }
        List<String> online = new ArrayList<>();
        List<String> standby = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        List<String> masters = new ArrayList<>();
        List<String> slaves = new ArrayList<>();
        Map<String, String> resources = new LinkedHashMap<>();
        Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
        String vip = null;
        Map<String, String> addresses = new LinkedHashMap<>();
        boolean inBase = false;
        boolean inResources = false;
        boolean inAttributes = false;
        String node = null;
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.equals("Base Info:")) {
                inBase = true;
                continue;
            }
            if (inBase) {
                Matcher b = BASE.matcher(line);
                if (b.matches()) {
                    if (b.group(1).equals("vip")) {
                        vip = b.group(2);
                    } else {
                        addresses.put(b.group(1), b.group(2));
                    }
                    continue;
                }
                inBase = false;
            }
            if (line.equals("Full list of resources:")) {
                inResources = true;
                continue;
            }
            if (line.equals("Node Attributes:")) {
                inResources = false;
                inAttributes = true;
                continue;
            }
            if (line.startsWith("Migration Summary:") || line.startsWith("Failed Actions:")) {
                inResources = false;
                inAttributes = false;
                continue;
            }
            Matcher m = LIST.matcher(line);
            if (m.matches()) {
                List<String> names = Arrays.stream(m.group(2).trim().split("\\s+")).filter(s -> !s.isEmpty())
                        .toList();
                switch (m.group(1)) {
                    case "Online" -> online.addAll(names);
                    case "OFFLINE" -> offline.addAll(names);
                    case "Masters" -> masters.addAll(names);
                    case "Slaves" -> slaves.addAll(names);
                    default -> {
                    }
                }
                continue;
            }
            Matcher s = STANDBY.matcher(line);
            if (s.matches() && !inAttributes) {
                standby.add(s.group(1));
                continue;
            }
            if (inResources) {
                Matcher r = RESOURCE.matcher(line);
                if (r.matches()) {
                    resources.put(r.group(1), r.group(3));
                }
                continue;
            }
            if (inAttributes) {
                Matcher n = NODE.matcher(line);
                if (n.matches()) {
                    node = n.group(1);
                    attributes.put(node, new LinkedHashMap<>());
                    continue;
                }
                Matcher a = ATTRIBUTE.matcher(line);
                if (a.matches() && node != null) {
                    attributes.get(node).put(a.group(1), a.group(2));
                }
            }
        }
        if (resources.isEmpty()) {
            throw new UnparseableOutputException(TOOL, "no resource line after 'Full list of resources:'", output);
        }
        return new SkyhaStatus(List.copyOf(online), List.copyOf(standby), List.copyOf(offline), List.copyOf(masters),
                List.copyOf(slaves), resources, attributes, vip, addresses);
    }
}
